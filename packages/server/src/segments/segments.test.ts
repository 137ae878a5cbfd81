import { randomBytes } from "node:crypto";
import { createSecretBox, hashPassword } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";

describe.each(testDatabaseKinds())("segments admin API on $name", (kind) => {
  let database: Database;
  let app: FastifyInstance;
  let channelId: string;
  let owner: Client;
  let operator: Client;
  let vipTag: string;
  let visitsField: string;

  type Client = (method: string, url: string, payload?: unknown) => Promise<LightMyRequestResponse>;

  async function signIn(
    email: string,
    password: string,
  ): Promise<{ client: Client; cookie: string; csrf: string }> {
    const login = await app.inject({
      method: "POST",
      url: "/api/login",
      payload: { email, password },
    });
    const cookie = String(login.headers["set-cookie"] ?? "").split(";")[0] ?? "";
    const { csrfToken } = login.json() as { csrfToken: string };
    return {
      cookie,
      csrf: csrfToken,
      client: (method, url, payload) =>
        app.inject({
          method: method as "GET",
          url,
          headers: { cookie, "x-csrf-token": csrfToken },
          ...(payload === undefined ? {} : { payload: payload as object }),
        }),
    };
  }

  const lineUser = (i: number) => `U${String(i).padStart(32, "0")}`;

  beforeAll(async () => {
    database = await kind.create();
    const { db } = database;
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
    await db
      .insertInto("staff_users")
      .values({
        email: "op@example.jp",
        password_hash: await hashPassword("operator password"),
        role: "operator",
      })
      .execute();
    owner = (await signIn("owner@example.jp", "owner password long")).client;
    operator = (await signIn("op@example.jp", "operator password")).client;
    channelId = (
      await db
        .insertInto("channels")
        .values({
          line_channel_id: "901",
          name: "Shop",
          secret_enc: "s",
          access_token_enc: "t",
          api_base_url: null,
          bot_user_id: null,
          picture_url: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const tag = await owner(`POST`, `/api/channels/${channelId}/tags`, { name: "VIP" });
    vipTag = tag.json().tag.id;
    const field = await owner("POST", `/api/channels/${channelId}/custom-fields`, {
      key: "visits",
      label: "来店回数",
      type: "number",
    });
    visitsField = field.json().field.id;
    const member = await db
      .insertInto("members")
      .values({ external_id: "M-1", birthday: "1990-04-01", attributes: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 5; i++) {
      const friend = await db
        .insertInto("friends")
        .values({
          channel_id: channelId,
          line_user_id: lineUser(i),
          display_name: `友だち ${i}`,
          status: "following",
          followed_at: new Date(Date.UTC(2024, 0, 1 + i)),
          status_changed_at: new Date(Date.UTC(2024, 0, 1 + i)),
          member_id: i === 0 ? member.id : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (i < 2)
        await db
          .insertInto("friend_tags")
          .values({ friend_id: friend.id, tag_id: vipTag })
          .execute();
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const vip = { version: 1, root: { kind: "tag", match: "any", tagIds: [] as string[] } };
  const preview = (client: Client, definition: unknown, extra: object = {}) =>
    client("POST", `/api/channels/${channelId}/segments/preview`, { definition, ...extra });

  it("counts an unsaved definition, with its time and a sample of friends, for any staff", async () => {
    vip.root.tagIds = [vipTag];
    const response = await preview(operator, vip);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.count).toBe(2);
    expect(body.tookMs).toBeGreaterThanOrEqual(0);
    expect(body.sample.map((f: { displayName: string }) => f.displayName)).toEqual([
      "友だち 1",
      "友だち 0",
    ]);
  });

  it("answers 400 with each problem on the path of the node that is wrong", async () => {
    const unknownTag = "00000000-0000-4000-8000-000000000000";
    const response = await preview(owner, {
      version: 1,
      root: {
        kind: "group",
        match: "all",
        conditions: [
          { kind: "tag", match: "any", tagIds: [unknownTag] },
          { kind: "field", fieldId: visitsField, op: "contains", value: "3" },
          {
            kind: "not",
            condition: {
              kind: "event",
              type: "purchase",
              window: { type: "between", from: "2024-13-01", to: "2024-12-31" },
            },
          },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "invalid_segment",
      details: [
        { path: "/definition/root/conditions/0/tagIds/0", code: "unknown_tag" },
        { path: "/definition/root/conditions/1/op", code: "operator_not_applicable" },
        { path: "/definition/root/conditions/2/condition/window/from", code: "invalid_operand" },
      ],
    });

    const malformed = await preview(owner, {
      version: 1,
      root: {
        kind: "group",
        match: "all",
        conditions: [{ kind: "member", field: "shoe_size", op: "is_set" }],
      },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].path).toBe("/definition/root/conditions/0/field");
  });

  it("saves, lists with the last count, updates and deletes a segment; operators may only look", async () => {
    expect(
      (
        await operator("POST", `/api/channels/${channelId}/segments`, {
          name: "VIP",
          definition: vip,
        })
      ).statusCode,
    ).toBe(403);
    const created = await owner("POST", `/api/channels/${channelId}/segments`, {
      name: "VIP",
      description: "タグ VIP の友だち",
      definition: vip,
    });
    expect(created.statusCode).toBe(201);
    const segment = created.json().segment;
    expect(segment).toMatchObject({ name: "VIP", lastCount: 2, definition: vip });

    const again = await owner("POST", `/api/channels/${channelId}/segments`, {
      name: "VIP",
      definition: vip,
    });
    expect(again.statusCode).toBe(409);

    const changed = await owner("PUT", `/api/channels/${channelId}/segments/${segment.id}`, {
      name: "VIP 以外",
      definition: { version: 1, root: { kind: "not", condition: vip.root } },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().segment).toMatchObject({ name: "VIP 以外", lastCount: 3 });

    const list = await operator("GET", `/api/channels/${channelId}/segments`);
    expect(list.json().segments.map((s: { name: string }) => s.name)).toEqual(["VIP 以外"]);

    const recount = await operator(
      "POST",
      `/api/channels/${channelId}/segments/${segment.id}/count`,
    );
    expect(recount.json()).toMatchObject({ count: 3 });

    expect(
      (await owner("DELETE", `/api/channels/${channelId}/segments/${segment.id}`)).statusCode,
    ).toBe(204);
    expect(
      (await owner("GET", `/api/channels/${channelId}/segments/${segment.id}`)).statusCode,
    ).toBe(404);
  });

  it("excludes a saved segment by reference, refuses a cycle, and keeps a segment in use", async () => {
    const base = (
      await owner("POST", `/api/channels/${channelId}/segments`, { name: "常連", definition: vip })
    ).json().segment;
    const others = (
      await owner("POST", `/api/channels/${channelId}/segments`, {
        name: "常連を除く",
        definition: {
          version: 1,
          root: { kind: "not", condition: { kind: "segment", segmentId: base.id } },
        },
      })
    ).json().segment;
    expect(others.lastCount).toBe(3);

    const cycle = await owner("PUT", `/api/channels/${channelId}/segments/${base.id}`, {
      name: "常連",
      definition: {
        version: 1,
        root: {
          kind: "group",
          match: "any",
          conditions: [{ kind: "segment", segmentId: others.id }],
        },
      },
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details).toEqual([
      {
        path: "/definition/root/conditions/0/segmentId",
        code: "segment_cycle",
        message: 'segments may not refer to themselves: "常連" → "常連を除く" → "常連"',
      },
    ]);
    // The builder previews an edit of a saved segment with its id, and meets the same refusal.
    const previewed = await preview(
      owner,
      { version: 1, root: { kind: "segment", segmentId: others.id } },
      { segmentId: base.id },
    );
    expect(previewed.json().error.details[0].code).toBe("segment_cycle");

    const inUse = await owner("DELETE", `/api/channels/${channelId}/segments/${base.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({
      code: "segment_in_use",
      details: { usedBy: [{ id: others.id, name: "常連を除く" }] },
    });
  });

  it("uploads a list of LINE user ids as a static audience, skipping the header and refusing bad rows", async () => {
    const csv = [
      "user_id",
      lineUser(1),
      lineUser(3),
      "not-an-id",
      lineUser(3),
      `U${"f".repeat(32)}`,
    ].join("\r\n");
    const upload = await uploadList("キャンペーン当選者", "line_user_id", csv);
    expect(upload.statusCode).toBe(201);
    const list = upload.json().list;
    expect(list).toMatchObject({
      name: "キャンペーン当選者",
      idKind: "line_user_id",
      entries: 3,
      matchedFriends: 2,
      rejectedRows: 1,
      rejections: [{ line: 4, value: "not-an-id", reason: "invalid_line_user_id" }],
    });
    const counted = await preview(owner, { version: 1, root: { kind: "list", listId: list.id } });
    expect(counted.json().count).toBe(2);

    const byMember = await uploadList("会員リスト", "external_id", "会員番号\nM-1\nM-404\n");
    expect(byMember.json().list).toMatchObject({ entries: 2, matchedFriends: 1 });
  });

  async function uploadList(name: string, idKind: string, csv: string) {
    const boundary = "----kizuna-test";
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="idKind"\r\n\r\n${idKind}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ids.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
      `--${boundary}--\r\n`,
    ].join("");
    const session = await signIn("owner@example.jp", "owner password long");
    return app.inject({
      method: "POST",
      url: `/api/channels/${channelId}/audience-lists`,
      headers: {
        cookie: session.cookie,
        "x-csrf-token": session.csrf,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.from(body),
    });
  }
});
