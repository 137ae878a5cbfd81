import { randomInt } from "node:crypto";
import { TEXT_MAX_LENGTH } from "../messages/text-message.ts";

// Click tracking (docs/decisions/012-click-tracking.md): when a campaign is created, each http(s)
// URL its messages link to is replaced by `<publicUrl>/l/<code>`, which records the click and
// redirects to the URL. Pure: the codes come from the caller.

/** A URL of the messages and the code that now stands for it. */
export interface LinkToTrack {
  code: string;
  url: string;
}

export interface TrackedMessages<M> {
  messages: M[];
  /** One per distinct URL, in order of first appearance. */
  links: LinkToTrack[];
}

export interface TrackOptions {
  /** Kizuna's public origin, e.g. `https://crm.example.com`. */
  publicUrl: string;
  /** A fresh code for each distinct URL. */
  newCode: () => string;
}

const CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const LINK_CODE_LENGTH = 12;

/** A short, URL-safe, unguessable code (12 base-62 characters, 71 bits). */
export function newLinkCode(): string {
  let code = "";
  for (let i = 0; i < LINK_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/**
 * The code of a `/l/<code>` path. Letters and digits only, so that punctuation a reader's app
 * linkified with the URL ("…/l/abc." or "(…/l/abc)") still finds the link.
 */
export function linkCodeOf(pathPart: string): string | null {
  const match = /^[0-9A-Za-z]{1,64}/.exec(pathPart);
  return match ? match[0] : null;
}

/**
 * URLs that stay as they are: LINE's own (URL schemes, LIFF apps, add-friend links) act inside
 * the LINE app, which a redirect through a browser page could change.
 */
const LINE_HOSTS = new Set(["line.me", "liff.line.me", "lin.ee", "access.line.me"]);

export function isTrackableUrl(url: string): boolean {
  // A URL personalised per friend ({{…}}) cannot be one link for everyone.
  if (url.includes("{{")) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
  return !LINE_HOSTS.has(parsed.hostname.toLowerCase());
}

/**
 * In text: a `\{{` escape or a `{{…}}` placeholder (skipped: `{{login_url:https://…}}` is signed
 * per friend), or a URL — ASCII URL characters, with `{{…}}` allowed inside so that a
 * personalised URL is seen whole (and left alone). Japanese or a space ends a URL.
 */
const TEXT_TOKENS =
  /\\\{\{|\{\{[^{}]*\}\}|https?:\/\/(?:\{\{[^{}]*\}\}|[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%])+/g;

/** Punctuation that ends a sentence rather than the URL; `)` only when unbalanced. */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1);
    if (last && ".,;:!?'*".includes(last)) url = url.slice(0, -1);
    else if (last === ")" && count(url, "(") < count(url, ")")) url = url.slice(0, -1);
    else return url;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

interface Emoji {
  index: number;
}

/**
 * Replaces the http(s) URLs a campaign's messages link to by tracking links: uri actions
 * anywhere (templates, Flex, quick replies, `altUri.desktop`), imagemap `linkUri`s, and URLs
 * written in text messages. Images, videos and other content URLs are not links and stay. The
 * same URL gets the same code throughout. A text that tracking would make longer than LINE's
 * 5,000 characters keeps the URLs that do not fit as they are.
 */
export function trackMessageLinks<M>(
  messages: readonly M[],
  options: TrackOptions,
): TrackedMessages<M> {
  const base = options.publicUrl.replace(/\/+$/, "");
  const codes = new Map<string, string>();
  // A code is kept only once a URL is replaced, so that no link stands for an unsent URL.
  let spare: string | null = null;
  const trackedUrl = (url: string, fits: (tracked: string) => boolean = () => true) => {
    const code = codes.get(url) ?? spare ?? options.newCode();
    const tracked = `${base}/l/${code}`;
    if (!fits(tracked)) {
      if (!codes.has(url)) spare = code;
      return null;
    }
    if (!codes.has(url)) {
      codes.set(url, code);
      spare = null;
    }
    return tracked;
  };
  const trackUri = (value: unknown): unknown =>
    typeof value === "string" && isTrackableUrl(value) ? trackedUrl(value) : value;

  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== "object") return value;
    const object = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) out[key] = walk(child);
    if (object.type === "uri") {
      if ("uri" in object) out.uri = trackUri(object.uri);
      if ("linkUri" in object) out.linkUri = trackUri(object.linkUri);
      const altUri = object.altUri as Record<string, unknown> | undefined;
      if (altUri && typeof altUri === "object" && "desktop" in altUri)
        out.altUri = { ...altUri, desktop: trackUri(altUri.desktop) };
    }
    return out;
  };

  const tracked = messages.map((message) => {
    const walked = walk(message) as Record<string, unknown>;
    if ((walked.type === "text" || walked.type === "textV2") && typeof walked.text === "string") {
      const emojis = Array.isArray(walked.emojis) ? (walked.emojis as Emoji[]) : [];
      const { text, shifts } = trackText(walked.text, trackedUrl, emojis);
      walked.text = text;
      if (emojis.length > 0)
        walked.emojis = emojis.map((emoji) => ({ ...emoji, index: shifted(emoji.index, shifts) }));
    }
    return walked as M;
  });
  return {
    messages: tracked,
    links: [...codes].map(([url, code]) => ({ url, code })),
  };
}

interface Shift {
  /** Original offset where the replaced URL ended. */
  end: number;
  delta: number;
}

function shifted(index: number, shifts: readonly Shift[]): number {
  let result = index;
  for (const shift of shifts) if (index >= shift.end) result += shift.delta;
  return result;
}

function trackText(
  text: string,
  trackedUrl: (url: string, fits: (tracked: string) => boolean) => string | null,
  emojis: readonly Emoji[],
): { text: string; shifts: Shift[] } {
  const shifts: Shift[] = [];
  let out = "";
  let last = 0;
  let length = text.length;
  for (const match of text.matchAll(TEXT_TOKENS)) {
    if (!match[0].startsWith("http")) continue;
    const url = trimUrl(match[0]);
    const start = match.index;
    const end = start + url.length;
    if (!isTrackableUrl(url)) continue;
    // A LINE emoji's `$` placeholder inside the URL: the URL is not what the reader sees.
    if (emojis.some((emoji) => emoji.index >= start && emoji.index < end)) continue;
    const replacement = trackedUrl(
      url,
      (tracked) => length + tracked.length - url.length <= TEXT_MAX_LENGTH,
    );
    if (replacement === null) continue;
    const delta = replacement.length - url.length;
    length += delta;
    out += text.slice(last, start) + replacement;
    last = end;
    shifts.push({ end, delta });
  }
  return { text: out + text.slice(last), shifts };
}
