import { postbackOrigin, type RichMenuShape, switchOrigin } from "@kizuna/core";
import { type DB, type RichMenuTapRecord, recordRichMenuTaps } from "@kizuna/db";
import { friendChangeOf } from "@kizuna/line";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { LineClients } from "../runtime/line-clients.ts";
import type { WebhookEventHandler } from "../webhook-events/process-events.ts";

/** How long a channel's rich menus are trusted before LINE is asked again. */
const MENUS_TTL_MS = 60_000;
/** Data remembered as sending no menu's area, per channel; the most recent are kept. */
const MAX_UNMATCHED = 1_000;
/** How long attribution waits for LINE; the postback rows are already written. */
const LINE_WAIT_MS = 5_000;

/** `switchedTo`: the alias a richmenuswitch tap switched the user to (friendChangeOf). */
type Postback = Omit<RichMenuTapRecord, "tap"> & { switchedTo: string | null };

/**
 * Names the rich-menu area a postback came from (decision 011). The batch's postback rows are
 * written plain in its transaction; once it committed — and without the batch waiting for it —
 * each channel's menus are read from LINE
 * (cached for a minute; read again within it only for data that matches none of them and was
 * not looked for in them already, so at most once per channel and batch) and the rows whose
 * data an area sends get `richMenuId` and `area`; a successful richmenuswitch is named by the
 * aliases, not the user's menu (switchOrigin). LINE failing or slow leaves those rows plain postbacks.
 */
export function richMenuTapHandler(deps: {
  db: Kysely<DB>;
  clients: LineClients;
  log: Logger;
  menusTtlMs?: number | undefined;
}): WebhookEventHandler {
  const ttl = deps.menusTtlMs ?? MENUS_TTL_MS;
  // `unmatched`: data looked for in `menus` that no area sends — a quick reply, a message's
  // button, the common postback — so they do not ask LINE again until the menus expire; a menu
  // made since that sends one is found then. Each read checks them against the new menus.
  const cache = new Map<
    string,
    { menus: RichMenuShape[]; unmatched: Set<string>; until: number }
  >();
  const sendsNone = (menus: readonly RichMenuShape[], data: string) =>
    postbackOrigin(menus, data).kind === "none";

  async function menusOf(channelId: string, postbacks: readonly Postback[]) {
    const hit = cache.get(channelId);
    const fresh = hit && hit.until > Date.now() ? hit : null;
    if (
      fresh &&
      postbacks.every((p) => fresh.unmatched.has(p.data) || !sendsNone(fresh.menus, p.data))
    )
      return { menus: fresh.menus, line: null };
    const line = await deps.clients(channelId);
    const menus = await timed(line.getRichMenus());
    const seen = [...(fresh?.unmatched ?? []), ...postbacks.map((p) => p.data)];
    const unmatched = new Set(seen.filter((data) => sendsNone(menus, data)).slice(-MAX_UNMATCHED));
    cache.set(channelId, { menus, unmatched, until: Date.now() + ttl });
    return { menus, line };
  }

  async function attribute(channelId: string, postbacks: readonly Postback[]) {
    const found = await menusOf(channelId, postbacks);
    const { menus } = found;
    const taps: RichMenuTapRecord[] = [];
    // Several menus send the same data: the menu the user sees decides (linked, else default).
    const userMenus = new Map<string, Promise<string | null>>();
    let defaultMenu: Promise<string | null> | undefined;
    let aliases: Promise<Map<string, string>> | undefined;
    const aliasesOf = async () => {
      const line = found.line ?? (await deps.clients(channelId));
      const list = await timed(line.getRichMenuAliases());
      return new Map(list.map((alias) => [alias.richMenuAliasId, alias.richMenuId]));
    };
    const userMenuOf = async (lineUserId: string) => {
      const line = found.line ?? (await deps.clients(channelId));
      const linked = await timed(line.getRichMenuIdOfUser(lineUserId));
      if (linked) return linked;
      defaultMenu ??= timed(line.getDefaultRichMenuId());
      return defaultMenu;
    };
    for (const { switchedTo, ...postback } of postbacks) {
      let origin = postbackOrigin(menus, postback.data);
      if (origin.kind === "ask_user_menu" && switchedTo !== null) {
        // The chat shows the switch's menu already, and the menu linked to the user need not be
        // the one that was shown: the aliases decide, not the user's menu.
        aliases ??= aliasesOf();
        const known = await aliases.catch((error: unknown) => {
          deps.log.warn(
            { channelId, err: (error as Error).message },
            "rich-menu aliases not read; the switch stays plain",
          );
          return undefined;
        });
        if (known === undefined) continue;
        const richMenuId = known.get(switchedTo) ?? null;
        origin = switchOrigin(menus, postback.data, { richMenuAliasId: switchedTo, richMenuId });
      } else if (origin.kind === "ask_user_menu") {
        if (!userMenus.has(postback.lineUserId))
          userMenus.set(postback.lineUserId, userMenuOf(postback.lineUserId));
        const userMenu = await userMenus.get(postback.lineUserId)!.catch((error: unknown) => {
          deps.log.warn(
            { channelId, err: (error as Error).message },
            "user's rich menu not read; the postback stays plain",
          );
          return undefined;
        });
        if (userMenu === undefined) continue;
        origin = postbackOrigin(menus, postback.data, userMenu);
      }
      if (origin.kind === "tap") taps.push({ ...postback, tap: origin.tap });
    }
    return taps;
  }

  // Attribution runs beside webhook processing, never in its way: LINE slow or down must not
  // hold up other channels' follows and messages. One run per channel at a time; postbacks that
  // arrive meanwhile wait for it and go in its next round, so a hanging LINE costs one call per
  // channel per LINE_WAIT_MS, however many batches come.
  const waiting = new Map<string, Postback[]>();
  const running = new Set<string>();

  async function drain(channelId: string) {
    try {
      for (let postbacks = take(channelId); postbacks.length > 0; postbacks = take(channelId)) {
        try {
          await recordRichMenuTaps(deps.db, await attribute(channelId, postbacks));
        } catch (error) {
          deps.log.warn(
            { channelId, postbacks: postbacks.length, err: (error as Error).message },
            "rich menus not read from LINE; postbacks stay plain",
          );
        }
      }
    } finally {
      // No await between the last empty take and this: a postback queued now starts a new run.
      running.delete(channelId);
    }
  }
  function take(channelId: string): Postback[] {
    const postbacks = waiting.get(channelId) ?? [];
    waiting.delete(channelId);
    return postbacks;
  }

  return async (_trx, events) => {
    const byChannel = new Map<string, Postback[]>();
    for (const { channelId, event } of events) {
      const change = friendChangeOf(event);
      if (change.kind !== "postback") continue;
      const list = byChannel.get(channelId) ?? [];
      const { userId: lineUserId, at, data, switchedTo } = change;
      list.push({ channelId, lineUserId, at, data, switchedTo });
      byChannel.set(channelId, list);
    }
    return async () => {
      for (const [channelId, postbacks] of byChannel) {
        waiting.set(channelId, [...(waiting.get(channelId) ?? []), ...postbacks]);
        if (running.has(channelId)) continue;
        running.add(channelId);
        void drain(channelId);
      }
    };
  };
}

function timed<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("LINE did not answer in time")), LINE_WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
