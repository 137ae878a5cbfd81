import { randomBytes } from "node:crypto";
import { createSecretBox } from "@kizuna/core";
import { createMemberAttribute, type Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";

describe.each(testDatabaseKinds())("public API on $name", (kind) => {
  let database: Database;
  let app: FastifyInstance;
  let staff: Record<string, string>;
  let writer: string;
  let reader: string;

  beforeAll(async () => {
    database = await kind.create();
    app = await buildServer({
      database,
      secretBox: createSecretBox(randomBytes(32)),
      publicUrl: "http://127.0.0.1",
    });
    const setup = await app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "owner@example.jp", password: "a long enough password" },
    });
    staff = {
      cookie: String(setup.headers["set-cookie"]).split(";")[0]!,
      "x-csrf-token": setup.json().csrfToken,
    };
    await createMemberAttribute(database.db, { key: "store", label: "店舗", type: "text" });
    writer = (await createKey("Member sync", ["members:write", "members:read"])).key;
    reader = (await createKey("Read only", ["members:read"])).key;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function createKey(name: string, scopes: string[]) {
    const response = await app.inject({
      method: "POST",
      url: "/api/api-keys",
      headers: staff,
      payload: { name, scopes },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { key: string; apiKey: { id: string; prefix: string } };
  }

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it("shows a new key once, and lists keys by prefix only", async () => {
    const created = await createKey("CRM", ["members:read"]);
    expect(created.key).toMatch(/^kz_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const list = await app.inject({ method: "GET", url: "/api/api-keys", headers: staff });
    expect(list.body).not.toContain(created.key);
    expect(list.json().apiKeys).toContainEqual(
      expect.objectContaining({ id: created.apiKey.id, name: "CRM", scopes: ["members:read"] }),
    );
    const stored = await database.db
      .selectFrom("api_keys")
      .select("key_hash")
      .where("id", "=", created.apiKey.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(created.key.slice(3));
  });

  it("refuses a request without a key, with an unknown key, or with a revoked one", async () => {
    const url = "/api/v1/members/M1";
    const none = await app.inject({ method: "GET", url });
    expect(none.statusCode).toBe(401);
    expect(none.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(none.json().error.code).toBe("unauthenticated");
    // A staff session is no way in: the public API takes API keys only.
    expect((await app.inject({ method: "GET", url, headers: staff })).statusCode).toBe(401);
    const unknown = await app.inject({
      method: "GET",
      url,
      headers: bearer(`kz_${"x".repeat(43)}`),
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe("invalid_api_key");

    const doomed = await createKey("Doomed", ["members:read"]);
    expect((await app.inject({ method: "GET", url, headers: bearer(doomed.key) })).statusCode).toBe(
      404,
    );
    const revoke = await app.inject({
      method: "DELETE",
      url: `/api/api-keys/${doomed.apiKey.id}`,
      headers: staff,
    });
    expect(revoke.statusCode).toBe(204);
    const revoked = await app.inject({ method: "GET", url, headers: bearer(doomed.key) });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe("invalid_api_key");

    const audit = await database.db
      .selectFrom("audit_log")
      .select(["action", "actor"])
      .where("target_id", "=", doomed.apiKey.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["api_key.created", "api_key.revoked"]);
    expect(audit[0]!.actor).toMatch(/^staff:/);
  });

  it("refuses a write with a key that may only read", async () => {
    const response = await app.inject({
      method: "PUT",
      url: "/api/v1/members/M1",
      headers: bearer(reader),
      payload: { email: "a@example.jp" },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("insufficient_scope");
  });

  it("creates a member with 201, then answers 200, normalizing what it stores", async () => {
    const put = (payload: object) =>
      app.inject({
        method: "PUT",
        url: "/api/v1/members/M%20100",
        headers: bearer(writer),
        payload,
      });
    const created = await put({
      email: " Taro@Example.JP ",
      phone: "+81 90-1234-5678",
      prefecture: "東京",
      points: 100,
      attributes: { store: "渋谷店" },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      outcome: "created",
      member: {
        externalId: "M 100",
        email: "taro@example.jp",
        phone: "09012345678",
        prefecture: "東京都",
        points: 100,
        attributes: { store: "渋谷店" },
      },
    });
    const same = await put({ email: "taro@example.jp", points: 100 });
    expect(same.statusCode).toBe(200);
    expect(same.json().outcome).toBe("unchanged");
    const changed = await put({ points: 150, attributes: { store: null } });
    expect(changed.json()).toMatchObject({
      outcome: "updated",
      member: { email: "taro@example.jp", points: 150, attributes: {} },
    });

    const read = await app.inject({
      method: "GET",
      url: "/api/v1/members/M%20100",
      headers: bearer(reader),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().member.points).toBe(150);
  });

  it("refuses invalid values with 422, naming each field", async () => {
    const response = await app.inject({
      method: "PUT",
      url: "/api/v1/members/M2",
      headers: bearer(writer),
      payload: { email: "nope", birthday: "2999-01-01", attributes: { hobby: "golf" } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: "invalid_member",
      details: [
        { code: "invalid_email", field: "email" },
        { code: "date_out_of_range", field: "birthday" },
        { code: "unknown_attribute", field: "attributes.hobby" },
      ],
    });
    const shape = await app.inject({
      method: "PUT",
      url: "/api/v1/members/M2",
      headers: bearer(writer),
      payload: { points: "many" },
    });
    expect(shape.statusCode).toBe(400);
  });

  it("upserts a batch in one go, reporting bad items without failing the good ones", async () => {
    const members = [
      { externalId: "B1", email: "b1@example.jp" },
      { externalId: "B2", phone: "not a phone" },
      { externalId: "B3", gender: "female", prefecture: "13" },
      { externalId: "B1", email: "again@example.jp" },
      { email: "no-id@example.jp" },
      { externalId: "M 100", points: 150 },
      { externalId: "B4", favouriteColour: "blue" },
      42,
    ];
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/members:batchUpsert",
      headers: bearer(writer),
      payload: { members },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ created: 2, updated: 0, unchanged: 1, rejected: 5 });
    expect(
      body.results.map((r: { outcome: string; errors?: { code: string; field: string }[] }) =>
        r.errors ? r.errors.map((e) => `${e.field}:${e.code}`).join(" ") : r.outcome,
      ),
    ).toEqual([
      "created",
      "phone:invalid_phone",
      "created",
      "externalId:duplicate_in_request",
      "externalId:required",
      "unchanged",
      "favouriteColour:unknown_field",
      "row:invalid_type",
    ]);
    const b3 = await app.inject({
      method: "GET",
      url: "/api/v1/members/B3",
      headers: bearer(reader),
    });
    expect(b3.json().member).toMatchObject({ gender: "female", prefecture: "東京都" });
    const b2 = await app.inject({
      method: "GET",
      url: "/api/v1/members/B2",
      headers: bearer(reader),
    });
    expect(b2.statusCode).toBe(404);
  });

  it("refuses a batch over 1,000 members", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/members:batchUpsert",
      headers: bearer(writer),
      payload: { members: Array.from({ length: 1001 }, (_, i) => ({ externalId: `X${i}` })) },
    });
    expect(response.statusCode).toBe(400);
  });

  it("serves its OpenAPI document without a key", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/v1/members/{externalId}", "/api/v1/members:batchUpsert"]),
    );
    expect(document.components.schemas.MemberInput.properties.email).toMatchObject({
      anyOf: [{ type: "string" }, { type: "null" }],
    });
  });
});
