import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Server-rendered pages for friends (sign-in, match form, results): one small, mobile-first
 * document each, no scripts, every interpolation escaped by the `html` tag.
 */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** A template whose interpolations are escaped unless they are SafeHtml themselves. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

export type Lang = "ja" | "en";

/** Japanese unless the browser prefers English over Japanese (Accept-Language q-values). */
export function languageOf(request: FastifyRequest): Lang {
  const header = request.headers["accept-language"];
  if (typeof header !== "string") return "ja";
  let best: { lang: Lang; q: number } | null = null;
  for (const item of header.split(",")) {
    const [tag = "", ...params] = item.trim().toLowerCase().split(";");
    const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? "1");
    const lang = tag.startsWith("ja") ? "ja" : tag.startsWith("en") ? "en" : null;
    if (lang && Number.isFinite(q) && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? "ja";
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;background:#f4f6f8;color:#1f2933;line-height:1.6}
main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.25rem;margin:0 0 1rem}
p{margin:.5rem 0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input,select{width:100%;font-size:1rem;padding:.7rem .75rem;border:1px solid #cbd2d9;border-radius:8px;background:#fff}
input:focus,select:focus{outline:2px solid #06c755;border-color:#06c755}
button,.button{display:block;width:100%;margin-top:1.5rem;padding:.85rem;font-size:1rem;font-weight:700;color:#fff;background:#06c755;border:0;border-radius:8px;text-align:center;text-decoration:none}
.error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:.75rem;margin:0 0 1rem}
.note{color:#52606d;font-size:.875rem}
.ok{font-size:2.5rem;text-align:center;margin:0}
`;

export interface PageOptions {
  lang: Lang;
  title: string;
  body: SafeHtml;
  status?: number;
}

/**
 * Sends a page. Link tokens and friend tokens travel in these pages' URLs, so nothing is
 * cached, nothing is framed and no Referer leaves them.
 */
export function sendPage(reply: FastifyReply, options: PageOptions): FastifyReply {
  const document = html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body><main><div class="card">
<h1>${options.title}</h1>
${options.body}
</div></main></body>
</html>`;
  return reply
    .code(options.status ?? 200)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("referrer-policy", "no-referrer")
    .header("x-frame-options", "DENY")
    .header("x-content-type-options", "nosniff")
    .header(
      "content-security-policy",
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
    )
    .send(document.value);
}

/** A page that only says something (an error, a result), with an optional link onward. */
export function sendMessagePage(
  reply: FastifyReply,
  options: {
    lang: Lang;
    title: string;
    message: string;
    status?: number;
    link?: { href: string; label: string };
  },
): FastifyReply {
  return sendPage(reply, {
    lang: options.lang,
    title: options.title,
    status: options.status ?? 200,
    body: html`<p>${options.message}</p>${
      options.link
        ? html`<a class="button" href="${options.link.href}">${options.link.label}</a>`
        : ""
    }`,
  });
}
