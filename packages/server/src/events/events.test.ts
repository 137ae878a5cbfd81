import { randomBytes } from "node:crypto";
import { createSecretBox } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";

describe.each(testDatabaseKinds())("events API on $name", (kind) => {
  let database: Database;
  let app: FastifyInstance;
  let staff: Record<string, string>;
  let sender: string;
  let memberReader: string;
  const LINE_USER = `U${"c".repeat(32)}`;

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
    sender = await createKey("POS", ["events:write"]);
    memberReader = await createKey("CRM", ["members:read"]);
    await database.db
      .insertInto("members")
      .values({ external_id: "M-1", attributes: "{}" })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function createKey(name: string, scopes: string[]): Promise<string> {
    const response = await app.inject({
      method: "POST",
      url: "/api/api-keys",
      headers: staff,
      payload: { name, scopes },
    });
    expect(response.statusCode).toBe(201);
    return response.json().key;
  }

  const send = (key: string | null, events: unknown[]) =>
    app.inject({
      method: "POST",
      url: "/api/v1/events",
      headers: key ? { authorization: `Bearer ${key}` } : {},
      payload: { events },
    });

  it("needs an API key with the events:write scope", async () => {
    const event = { externalId: "M-1", type: "visit", occurredAt: "2024-06-01T10:00:00+09:00" };
    expect((await send(null, [event])).statusCode).toBe(401);
    const wrongScope = await send(memberReader, [event]);
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json().error.code).toBe("insufficient_scope");
    expect((await send("kz_unknown", [event])).statusCode).toBe(401);
  });

  it("stores the good events of a batch and says what was wrong with each bad one", async () => {
    const now = Date.now();
    const response = await send(sender, [
      {
        externalId: "M-1",
        type: "purchase",
        occurredAt: "2024-06-01T10:00:00+09:00",
        properties: { amount: 5800, category: "shoes" },
        eventId: "order-1",
      },
      { lineUserId: LINE_USER, type: "cart", occurredAt: "2024-06-02T10:00:00Z" },
      { externalId: "M-404", type: "purchase", occurredAt: "2024-06-01T10:00:00Z" },
      { lineUserId: "U123", type: "Purchase!", occurredAt: "yesterday" },
      { type: "visit", occurredAt: "2024-06-01T10:00:00Z" },
      {
        externalId: "M-1",
        type: "visit",
        occurredAt: new Date(now + 3 * 86_400_000).toISOString(),
      },
      {
        externalId: "M-1",
        type: "purchase",
        occurredAt: "2024-06-01T10:00:00+09:00",
        eventId: "order-1",
      },
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ accepted: 2, duplicates: 1, rejected: 4 });
    expect(body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      "accepted",
      "accepted",
      "rejected",
      "rejected",
      "rejected",
      "rejected",
      "duplicate",
    ]);
    expect(body.results[2].errors).toEqual([
      { code: "unknown_member", field: "externalId", message: "no member has this external id" },
    ]);
    expect(body.results[3].errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "lineUserId",
      "occurredAt",
      "type",
    ]);
    expect(body.results[4].errors[0]).toMatchObject({ field: "externalId" });
    expect(body.results[5].errors[0]).toMatchObject({ code: "occurred_in_future" });

    const stored = await database.db
      .selectFrom("events")
      .select(["type", "line_user_id", "properties"])
      .select(sql<string>`tableoid::regclass::text`.as("partition"))
      .orderBy("occurred_at")
      .execute();
    expect(stored).toEqual([
      {
        type: "purchase",
        line_user_id: null,
        properties: { amount: 5800, category: "shoes" },
        partition: "events_202406",
      },
      { type: "cart", line_user_id: LINE_USER, properties: {}, partition: "events_202406" },
    ]);
  });

  it("refuses a batch of more than 1,000 events as a whole", async () => {
    const event = { externalId: "M-1", type: "visit", occurredAt: "2024-06-01T10:00:00Z" };
    const response = await send(
      sender,
      Array.from({ length: 1001 }, () => event),
    );
    expect(response.statusCode).toBe(400);
  });

  it("documents the route in the OpenAPI document", async () => {
    const document = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(document.paths["/api/v1/events"].post.operationId).toBe("sendEvents");
  });
});
