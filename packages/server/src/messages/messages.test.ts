import { randomBytes } from "node:crypto";
import { createSecretBox, hashPassword } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";

// The composer's API without LINE: checks placed on fields, personalised previews, and who may
// test-send to whom. e2e/composer.test.ts sends through the emulator.

const buttons = (labels: string[]) => ({
  type: "template",
  altText: "メニュー",
  template: {
    type: "buttons",
    text: "どれにしますか",
    actions: labels.map((label, i) => ({ type: "postback", label, data: `choice=${i}` })),
  },
});

describe.each(testDatabaseKinds())("composer API on $name", (kind) => {
  let database: Database;
  let app: FastifyInstance;
  let channelId: string;
  let owner: Client;
  let operator: Client;
  let linked: string;
  let plain: string;

  type Client = (method: string, url: string, payload?: unknown) => Promise<LightMyRequestResponse>;

  async function signIn(email: string, password: string): Promise<Client> {
    const login = await app.inject({
      method: "POST",
      url: "/api/login",
      payload: { email, password },
    });
    const cookie = String(login.headers["set-cookie"] ?? "").split(";")[0] ?? "";
    const { csrfToken } = login.json() as { csrfToken: string };
    return (method, url, payload) =>
      app.inject({
        method: method as "GET",
        url,
        headers: { cookie, "x-csrf-token": csrfToken },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
  }

  async function addFriend(name: string, status: "following" | "blocked" = "following") {
    const row = await database.db
      .insertInto("friends")
      .values({
        channel_id: channelId,
        line_user_id: `U${randomBytes(16).toString("hex")}`,
        display_name: name,
        status,
        followed_at: new Date(),
        status_changed_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    database = await kind.create();
    app = await buildServer({
      database,
      secretBox: createSecretBox(randomBytes(32)),
      publicUrl: "http://127.0.0.1",
    });
    await app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "owner@example.jp", password: "owner password long" },
    });
    await database.db
      .insertInto("staff_users")
      .values({
        email: "op@example.jp",
        password_hash: await hashPassword("operator password"),
        role: "operator",
      })
      .execute();
    owner = await signIn("owner@example.jp", "owner password long");
    operator = await signIn("op@example.jp", "operator password");
    const channel = await database.db
      .insertInto("channels")
      .values({
        line_channel_id: "900",
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

    // 山田 is linked to a member with points and has a rank; 佐藤 has nothing.
    linked = await addFriend("山田 {{member.points}}");
    plain = await addFriend("佐藤");
    const member = await database.db
      .insertInto("members")
      .values({ external_id: "M-1", name: "山田 太郎", points: 12345, attributes: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable("friends")
      .set({ member_id: member.id })
      .where("id", "=", linked)
      .execute();
    const field = await database.db
      .insertInto("custom_fields")
      .values({ channel_id: channelId, key: "rank", label: "ランク", type: "text" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto("friend_field_values")
      .values({ friend_id: linked, field_id: field.id, value_text: "ゴールド" })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const url = (path: string) => `/api/channels/${channelId}/messages/${path}`;

  describe("validate", () => {
    it("accepts messages LINE would accept", async () => {
      const response = await owner("POST", url("validate"), {
        messages: [
          { type: "text", text: "{{name|お客様}}さん、こんにちは" },
          buttons(["はい", "いいえ"]),
        ],
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ valid: true, problems: [] });
    });

    it("places an over-long label on the label field of that action", async () => {
      const response = await operator("POST", url("validate"), {
        messages: [
          { type: "text", text: "hi" },
          buttons(["はい", "とても長いラベルはボタンに収まりません。二十字を超えています"]),
        ],
      });
      expect(response.json()).toEqual({
        valid: false,
        problems: [
          {
            field: "1.template.actions.1.label",
            property: "messages[1].template.actions[1].label",
            message: "Length must be between 0 and 20",
          },
        ],
      });
    });

    it("places every problem, the list's own too", async () => {
      const response = await owner("POST", url("validate"), {
        messages: Array(6).fill({ type: "text", text: "x" }),
      });
      expect(response.json().problems).toEqual([
        { field: "messages", property: "messages", message: "Size must be between 1 and 5" },
      ]);
    });

    it("refuses a placeholder that does not parse, or names a field the channel lacks", async () => {
      const broken = await owner("POST", url("validate"), {
        messages: [{ type: "text", text: "{{nam}} さん" }],
      });
      expect(broken.json().problems).toEqual([
        expect.objectContaining({ field: "0.text", code: "unknown_variable" }),
      ]);
      const unknown = await owner("POST", url("validate"), {
        messages: [
          { type: "text", text: "hi" },
          { type: "text", text: "{{field.color}}" },
        ],
      });
      expect(unknown.json().problems).toEqual([
        expect.objectContaining({ field: "1.text", code: "unknown_custom_field" }),
      ]);
    });
  });

  describe("preview", () => {
    const text = "{{name}}様 {{member.points|0}}pt ランク:{{field.rank|一般}} \\{{name}}";

    it("personalises text for the chosen friend, without reading values as templates", async () => {
      const response = await operator("POST", url("preview"), {
        messages: [{ type: "text", text }, buttons(["OK"])],
        friendId: linked,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        messages: [
          { type: "text", text: "山田 {{member.points}}様 12,345pt ランク:ゴールド {{name}}" },
          buttons(["OK"]),
        ],
        friend: { friendId: linked, displayName: "山田 {{member.points}}" },
        problem: null,
      });
    });

    it("uses the defaults for a friend without values, and without a friend", async () => {
      const response = await owner("POST", url("preview"), {
        messages: [{ type: "text", text }],
        friendId: plain,
      });
      expect(response.json().messages).toEqual([
        { type: "text", text: "佐藤様 0pt ランク:一般 {{name}}" },
      ]);
      const anonymous = await owner("POST", url("preview"), { messages: [{ type: "text", text }] });
      expect(anonymous.json()).toMatchObject({
        messages: [{ type: "text", text: "様 0pt ランク:一般 {{name}}" }],
        friend: null,
      });
    });

    it("says when a friend's values would leave a text empty", async () => {
      const response = await owner("POST", url("preview"), {
        messages: [{ type: "text", text: "{{member.name}}" }],
        friendId: plain,
      });
      expect(response.json().problem).toEqual({ code: "empty_text", messageIndex: 0 });
    });

    it("answers 404 for a friend of another channel", async () => {
      const response = await owner("POST", url("preview"), {
        messages: [{ type: "text", text: "hi" }],
        friendId: "999999",
      });
      expect(response.statusCode).toBe(404);
    });
  });

  describe("test recipients and test sends", () => {
    it("lets only those who may test-send mark test recipients, and audits it", async () => {
      expect((await operator("PUT", url(`test-recipients/${linked}`))).statusCode).toBe(403);
      expect((await owner("PUT", url(`test-recipients/${linked}`))).statusCode).toBe(204);
      expect((await owner("PUT", url(`test-recipients/${linked}`))).statusCode).toBe(204);
      expect((await owner("PUT", url("test-recipients/999999"))).statusCode).toBe(404);
      const list = await owner("GET", url("test-recipients"));
      expect(list.json().testRecipients).toEqual([
        expect.objectContaining({
          friendId: linked,
          displayName: "山田 {{member.points}}",
          following: true,
        }),
      ]);
      const audit = await database.db
        .selectFrom("audit_log")
        .select(["action", "target_id"])
        .where("action", "like", "friend.test_recipient%")
        .execute();
      expect(audit).toEqual([{ action: "friend.test_recipient_added", target_id: linked }]);
    });

    it("refuses a test send by an operator, to unmarked friends, to more than ten", async () => {
      const messages = [{ type: "text", text: "テスト" }];
      expect(
        (await operator("POST", url("test-send"), { messages, friendIds: [linked] })).statusCode,
      ).toBe(403);
      const unmarked = await owner("POST", url("test-send"), {
        messages,
        friendIds: [linked, plain],
      });
      expect(unmarked.statusCode).toBe(400);
      expect(unmarked.json().error).toMatchObject({
        code: "not_test_recipient",
        details: { friendIds: [plain] },
      });
      const many = Array.from({ length: 11 }, (_, i) => String(i + 1));
      expect(
        (await owner("POST", url("test-send"), { messages, friendIds: many })).statusCode,
      ).toBe(400);
    });

    it("refuses messages LINE would refuse before anything is sent, with the fields", async () => {
      const response = await owner("POST", url("test-send"), {
        messages: [buttons(["x".repeat(21)])],
        friendIds: [linked],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "invalid_messages",
        details: { problems: [expect.objectContaining({ field: "0.template.actions.0.label" })] },
      });
    });

    it("unmarks a test recipient", async () => {
      expect((await owner("DELETE", url(`test-recipients/${linked}`))).statusCode).toBe(204);
      expect((await owner("DELETE", url(`test-recipients/${linked}`))).statusCode).toBe(404);
      expect((await owner("GET", url("test-recipients"))).json().testRecipients).toEqual([]);
    });
  });
});
