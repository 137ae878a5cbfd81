import { randomBytes } from "node:crypto";
import { createSecretBox, readMatchFormToken } from "@kizuna/core";
import {
  type Database,
  ensureFollowingFriend,
  findFriendLink,
  issueAccountLinkNonce,
  linkingKey,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { LineClient, WebhookEvent } from "@kizuna/line";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LinkingRuntime, linkingEventHandler } from "./linking-events.ts";

interface Reply {
  replyToken: string;
  messages: { type: string; text?: string; template?: { actions: { uri: string }[] } }[];
}

describe.each(testDatabaseKinds())("linking in the chat on $name", (kind) => {
  let database: Database;
  let channelId: string;
  let runtime: LinkingRuntime;
  const replies: Reply[] = [];
  let counter = 0;
  const secretBox = createSecretBox(randomBytes(32));

  const line = {
    async issueLinkToken(userId: string) {
      return `link-token-for-${userId}`;
    },
    async reply(replyToken: string, messages: Reply["messages"]) {
      replies.push({ replyToken, messages });
      return { ok: true as const, requestId: null };
    },
  } as unknown as LineClient;

  beforeAll(async () => {
    database = await kind.create();
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "400",
        name: "Shop",
        secret_enc: "s",
        access_token_enc: "t",
        api_base_url: null,
        bot_user_id: null,
        picture_url: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    channelId = channel.id;
    runtime = {
      db: database.db,
      clients: async () => line,
      secretBox,
      publicUrl: "https://crm.example.jp",
      log: pino({ level: "silent" }),
    };
  });
  afterAll(() => database?.close());

  const userId = () => `U${String(++counter).padStart(32, "0")}`;

  async function deliver(event: Omit<WebhookEvent, "webhookEventId" | "timestamp" | "mode">) {
    const handle = linkingEventHandler(runtime);
    const full = {
      webhookEventId: `01H${++counter}`,
      timestamp: Date.now(),
      mode: "active",
      ...event,
    } as WebhookEvent;
    const after = await database.db
      .transaction()
      .execute((trx) => handle(trx, [{ channelId, event: full }]));
    await after();
    return replies.at(-1);
  }

  const says = (lineUserId: string, text: string, replyToken = `r${++counter}`) =>
    deliver({
      type: "message",
      replyToken,
      source: { type: "user", userId: lineUserId },
      message: { type: "text", id: "1", text },
    } as never);

  const accountLink = (lineUserId: string | null, result: "ok" | "failed", nonce: string) =>
    deliver({
      type: "accountLink",
      ...(lineUserId
        ? { replyToken: `r${++counter}`, source: { type: "user", userId: lineUserId } }
        : {}),
      link: { result, nonce },
    } as never);

  it("answers 連携 with a button to the sign-in page carrying a fresh link token", async () => {
    const friend = userId();
    const reply = await says(friend, "連携");
    const uri = reply?.messages[0]?.template?.actions[0]?.uri ?? "";
    expect(uri).toBe(`https://crm.example.jp/link/account?linkToken=link-token-for-${friend}`);
    const issued = await database.db.selectFrom("account_link_tokens").selectAll().execute();
    expect(issued.map((row) => row.line_user_id)).toContain(friend);
  });

  it("links on an accountLink event with the nonce Kizuna issued, and says so", async () => {
    const friend = userId();
    await says(friend, "連携");
    const nonce = await issueAccountLinkNonce(database.db, {
      linkToken: `link-token-for-${friend}`,
      externalId: "MEMBER-1",
    });
    if (!nonce.ok) throw new Error(nonce.code);
    const reply = await accountLink(friend, "ok", nonce.nonce);
    expect(reply?.messages).toEqual([{ type: "text", text: "連携が完了しました" }]);
    expect(await findFriendLink(database.db, channelId, friend)).toMatchObject({
      externalId: "MEMBER-1",
    });
  });

  it("links nothing on a wrong nonce, a replayed nonce or a failed link", async () => {
    const friend = userId();
    await says(friend, "連携");
    const reply = await accountLink(friend, "ok", "a-nonce-nobody-issued");
    expect(reply?.messages[0]?.text).toContain("連携できませんでした");
    expect((await findFriendLink(database.db, channelId, friend))?.memberId).toBeNull();

    const nonce = await issueAccountLinkNonce(database.db, {
      linkToken: `link-token-for-${friend}`,
      externalId: "MEMBER-2",
    });
    if (!nonce.ok) throw new Error(nonce.code);
    const before = replies.length;
    await accountLink(null, "failed", nonce.nonce);
    expect(replies.length).toBe(before);
    expect((await findFriendLink(database.db, channelId, friend))?.memberId).toBeNull();

    // Another LINE user presenting the friend's nonce links nobody.
    const other = userId();
    await says(other, "hello");
    await accountLink(other, "ok", nonce.nonce);
    expect((await findFriendLink(database.db, channelId, other))?.memberId ?? null).toBeNull();
    await accountLink(friend, "ok", nonce.nonce);
    expect((await findFriendLink(database.db, channelId, friend))?.memberId).toBeNull();
  });

  it("answers 会員連携 with the friend's own match-form URL", async () => {
    const friend = userId();
    const reply = await says(friend, "会員連携");
    const uri = new URL(reply?.messages[0]?.template?.actions[0]?.uri ?? "");
    expect(uri.pathname).toBe("/link/match");
    const key = await linkingKey(database.db, secretBox);
    const token = readMatchFormToken(key, uri.searchParams.get("t") ?? "");
    const link = await findFriendLink(database.db, channelId, friend);
    expect(token).toMatchObject({ ok: true, claims: { c: channelId, f: link?.friendId } });
  });

  it("unlinks a friend who writes 連携解除", async () => {
    const friend = userId();
    const { friendId } = await ensureFollowingFriend(database.db, channelId, friend, new Date());
    const member = await database.db
      .insertInto("members")
      .values({ external_id: "MEMBER-3", attributes: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable("friends")
      .set({ member_id: member.id })
      .where("id", "=", friendId)
      .execute();
    expect((await says(friend, "連携解除"))?.messages[0]?.text).toContain("解除しました");
    expect((await findFriendLink(database.db, channelId, friend))?.memberId).toBeNull();
  });

  it("starts from a rich menu postback too, and ignores other words", async () => {
    const friend = userId();
    const reply = await deliver({
      type: "postback",
      replyToken: "postback-reply",
      source: { type: "user", userId: friend },
      postback: { data: "kizuna:link" },
    } as never);
    expect(reply?.replyToken).toBe("postback-reply");
    const before = replies.length;
    await says(friend, "こんにちは");
    expect(replies.length).toBe(before);
  });
});
