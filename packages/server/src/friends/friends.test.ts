import { randomBytes } from "node:crypto";
import { createSecretBox, hashPassword } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";

describe.each(testDatabaseKinds())("friends admin API on $name", (kind) => {
  let database: Database;
  let app: FastifyInstance;
  let channelId: string;
  let owner: Client;
  let operator: Client;
  const friendIds: string[] = [];

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
    for (let i = 0; i < 6; i++) {
      const row = await database.db
        .insertInto("friends")
        .values({
          channel_id: channelId,
          line_user_id: `U${i}`,
          display_name: i % 2 === 0 ? `山田 ${i}` : `佐藤 ${i}`,
          status: i === 5 ? "blocked" : "following",
          followed_at: new Date(Date.UTC(2024, 0, 1 + i)),
          status_changed_at: new Date(Date.UTC(2024, 0, 1 + i)),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      friendIds.push(row.id);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const api = (path: string) => `/api/channels/${channelId}${path}`;
  const withFilter = (path: string, filter: unknown) =>
    api(`${path}?filter=${encodeURIComponent(JSON.stringify(filter))}`);

  let vip: string;
  let rank: string;
  let birthday: string;

  it("lets admins define tags and typed custom fields, and refuses duplicates", async () => {
    const tag = await owner("POST", api("/tags"), { name: "VIP", color: "#e64980" });
    expect(tag.statusCode).toBe(201);
    vip = tag.json().tag.id;
    expect((await owner("POST", api("/tags"), { name: "VIP" })).json().error.code).toBe(
      "tag_name_taken",
    );
    const field = await owner("POST", api("/custom-fields"), {
      key: "rank",
      label: "会員ランク",
      type: "single_choice",
      choices: ["gold", "silver"],
    });
    expect(field.statusCode).toBe(201);
    rank = field.json().field.id;
    birthday = (
      await owner("POST", api("/custom-fields"), { key: "birthday", label: "誕生日", type: "date" })
    ).json().field.id;
    const missingChoices = await owner("POST", api("/custom-fields"), {
      key: "size",
      label: "サイズ",
      type: "multi_choice",
    });
    expect(missingChoices.statusCode).toBe(400);
    expect(missingChoices.json().error.message).toContain("/choices");
  });

  it("keeps operators to one friend at a time: no settings, bulk edits or exports", async () => {
    expect((await operator("POST", api("/tags"), { name: "x" })).statusCode).toBe(403);
    expect(
      (await operator("POST", api("/custom-fields"), { key: "x", label: "x", type: "text" }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await operator("POST", api("/friends/bulk"), {
          selection: { filter: {} },
          operation: { kind: "add_tags", tagIds: [vip] },
        })
      ).json().error.code,
    ).toBe("forbidden");
    expect((await operator("GET", api("/friends/export.csv"))).statusCode).toBe(403);
    expect((await operator("GET", api("/tags"))).statusCode).toBe(200);
    const note = await operator("POST", api(`/friends/${friendIds[0]}/notes`), {
      body: "電話で問い合わせあり",
    });
    expect(note.statusCode).toBe(201);
    expect(note.json().note).toMatchObject({
      body: "電話で問い合わせあり",
      staffEmail: "op@example.jp",
    });
    expect(
      (await operator("POST", api(`/friends/${friendIds[0]}/tags`), { tagIds: [vip] })).json(),
    ).toEqual({ added: [vip] });
  });

  it("names every bad value of a friend's fields, and writes none of them", async () => {
    const response = await owner("PUT", api(`/friends/${friendIds[1]}/fields`), {
      values: { [rank]: "platinum", [birthday]: "1990-02-30" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: "invalid_field_value",
      message: `/values/${rank}: "会員ランク" expects one of "gold", "silver", got "platinum"`,
      details: [
        {
          path: `/values/${rank}`,
          message: '"会員ランク" expects one of "gold", "silver", got "platinum"',
        },
        {
          path: `/values/${birthday}`,
          message: '"誕生日" expects a date (YYYY-MM-DD), got "1990-02-30"',
        },
      ],
    });
    const detail = await owner("GET", api(`/friends/${friendIds[1]}`));
    expect(detail.json().friend.fields).toEqual([]);

    const ok = await owner("PUT", api(`/friends/${friendIds[1]}/fields`), {
      values: { [rank]: "gold", [birthday]: "1990-02-28" },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().changed).toHaveLength(2);
  });

  it("filters the list by tag, field, status and name, and counts the matches", async () => {
    const byTag = await owner(
      "GET",
      withFilter("/friends", { tags: [{ match: "any", tagIds: [vip] }] }),
    );
    expect(byTag.json().friends.map((f: { id: string }) => f.id)).toEqual([friendIds[0]]);
    expect(byTag.json().friends[0].tagIds).toEqual([vip]);
    const byField = await owner(
      "GET",
      withFilter("/friends", { fields: [{ fieldId: birthday, op: "lt", value: "2000-01-01" }] }),
    );
    expect(byField.json().friends.map((f: { id: string }) => f.id)).toEqual([friendIds[1]]);
    const noVip = await owner(
      "GET",
      withFilter("/friends/count", {
        status: "following",
        tags: [{ match: "none", tagIds: [vip] }],
      }),
    );
    expect(noVip.json()).toEqual({ count: 4 });
    const byName = await owner(
      "GET",
      `${withFilter("/friends", { status: "following" })}&q=${encodeURIComponent("山田")}`,
    );
    expect(byName.json().friends.map((f: { displayName: string }) => f.displayName)).toEqual([
      "山田 4",
      "山田 2",
      "山田 0",
    ]);
  });

  it("says exactly which part of a filter is wrong", async () => {
    const malformed = await owner("GET", api("/friends?filter=%7Bnot-json"));
    expect(malformed.json().error).toMatchObject({
      code: "invalid_request",
      message: "/filter: filter must be a JSON FriendFilter",
    });
    const badShape = await owner(
      "GET",
      withFilter("/friends", { tags: [{ match: "some", tagIds: [vip] }] }),
    );
    expect(badShape.json().error.message).toMatch(/^\/filter\/tags\/0\/match: /);
    const badOperator = await owner(
      "GET",
      withFilter("/friends", { fields: [{ fieldId: rank, op: "gt", value: "gold" }] }),
    );
    expect(badOperator.statusCode).toBe(400);
    expect(badOperator.json().error).toMatchObject({
      code: "invalid_filter",
      details: [
        { path: "/filter/fields/0/op", message: expect.stringContaining("includes, equals") },
      ],
    });
  });

  it("bulk-edits all friends matching a filter, and a bad value changes nothing", async () => {
    const bad = await owner("POST", api("/friends/bulk"), {
      selection: { filter: { status: "following" } },
      operation: { kind: "set_field", fieldId: rank, value: "bronze" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: "invalid_field_value",
      details: [{ path: "/operation/value", message: expect.stringContaining('"bronze"') }],
    });
    const unknownTag = await owner("POST", api("/friends/bulk"), {
      selection: { filter: {} },
      operation: { kind: "add_tags", tagIds: [vip, "00000000-0000-4000-8000-000000000000"] },
    });
    expect(unknownTag.json().error).toMatchObject({
      code: "unknown_tag",
      details: [{ path: "/operation/tagIds/1", message: "no such tag in this channel" }],
    });
    expect(
      (
        await owner(
          "GET",
          withFilter("/friends/count", { tags: [{ match: "any", tagIds: [vip] }] }),
        )
      ).json(),
    ).toEqual({ count: 1 });

    const tagged = await owner("POST", api("/friends/bulk"), {
      selection: { filter: { status: "following" } },
      operation: { kind: "add_tags", tagIds: [vip] },
    });
    expect(tagged.json()).toEqual({ changed: 4 });
    const set = await owner("POST", api("/friends/bulk"), {
      selection: { filter: {}, friendIds: [friendIds[2], friendIds[3]] },
      operation: { kind: "set_field", fieldId: rank, value: "silver" },
    });
    expect(set.json()).toEqual({ changed: 2 });
    const audit = await database.db
      .selectFrom("audit_log")
      .select(["action", "detail"])
      .where("action", "like", "friends.%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "friends.tags_added", detail: { changed: 4, selection: "filter", tagIds: [vip] } },
      {
        action: "friends.field_set",
        detail: { changed: 2, selection: "friend_ids", fieldId: rank },
      },
    ]);
  });

  it("shows a friend's detail and timeline, newest first, a page at a time", async () => {
    const detail = (await owner("GET", api(`/friends/${friendIds[0]}`))).json().friend;
    expect(detail).toMatchObject({
      lineUserId: "U0",
      member: null,
      inflowRoute: null,
      tags: [{ id: vip, name: "VIP", color: "#e64980" }],
      notes: [{ body: "電話で問い合わせあり" }],
    });
    const first = (await owner("GET", api(`/friends/${friendIds[0]}/timeline?limit=1`))).json();
    expect(first.items.map((i: { kind: string }) => i.kind)).toEqual(["tag_added"]);
    const second = (
      await owner(
        "GET",
        api(`/friends/${friendIds[0]}/timeline?limit=5&cursor=${first.nextCursor}`),
      )
    ).json();
    expect(second.items.map((i: { kind: string }) => i.kind)).toEqual(["note_added"]);
    expect(second.nextCursor).toBeNull();
    expect((await owner("GET", api("/friends/999999"))).json().error.code).toBe("friend_not_found");
  });

  it("streams the CSV export with a BOM, in chunks, for a filter", async () => {
    const response = await owner(
      "GET",
      withFilter("/friends/export.csv", { tags: [{ match: "any", tagIds: [vip] }] }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(
      /^attachment; filename="friends-\d{8}-\d{4}\.csv"$/,
    );
    // Streamed: no length known in advance.
    expect(response.headers["content-length"]).toBeUndefined();
    expect(response.headers["transfer-encoding"]).toBe("chunked");
    const lines = response.body.split("\r\n");
    expect(lines[0]).toBe(
      "\uFEFFLINEユーザーID,表示名,ステータス,友だち追加日時,ブロック日時,タグ,会員ランク,誕生日,会員ID,流入経路",
    );
    expect(lines.slice(1, -1).map((line) => line.split(",")[0])).toEqual([
      "U4",
      "U3",
      "U2",
      "U1",
      "U0",
    ]);
    expect(lines[2]).toBe("U3,佐藤 3,友だち,2024-01-04 09:00:00,,VIP,silver,,,");
  });
});
