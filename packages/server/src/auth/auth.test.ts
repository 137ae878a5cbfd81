import { randomBytes } from "node:crypto";
import { createSecretBox, hashPassword } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../app.ts";

const [pglite] = testDatabaseKinds();

describe("staff sign-in and sessions", () => {
  let database: Database;
  let app: FastifyInstance;
  const owner = { email: "Owner@Example.jp", password: "correct horse battery" };

  beforeAll(async () => {
    database = await pglite!.create();
    app = await buildServer({
      database,
      secretBox: createSecretBox(randomBytes(32)),
      publicUrl: "http://127.0.0.1",
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const cookieOf = (response: { headers: Record<string, unknown> }) =>
    String(response.headers["set-cookie"] ?? "").split(";")[0] ?? "";

  it("asks for the owner account on the first visit, and refuses a short password", async () => {
    const session = await app.inject({ method: "GET", url: "/api/session" });
    expect(session.json()).toEqual({ state: "setup" });
    const short = await app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "owner@example.jp", password: "short" },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("password"),
    });
  });

  it("creates the owner once, with an httpOnly SameSite session cookie", async () => {
    const created = await app.inject({ method: "POST", url: "/api/setup", payload: owner });
    expect(created.statusCode).toBe(201);
    const setCookie = String(created.headers["set-cookie"]);
    expect(setCookie).toMatch(/kizuna_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(created.json()).toMatchObject({ state: "authenticated", user: { role: "owner" } });

    const again = await app.inject({
      method: "POST",
      url: "/api/setup",
      payload: { email: "intruder@example.jp", password: "another long password" },
    });
    expect(again.statusCode).toBe(409);
    expect((await app.inject({ method: "GET", url: "/api/session" })).json()).toEqual({
      state: "anonymous",
    });
  });

  it("refuses admin routes without a session, and changes without the CSRF token", async () => {
    expect((await app.inject({ method: "GET", url: "/api/channels" })).statusCode).toBe(401);
    const login = await app.inject({ method: "POST", url: "/api/login", payload: owner });
    expect(login.statusCode).toBe(200);
    const cookie = cookieOf(login);
    const { csrfToken } = login.json() as { csrfToken: string };

    expect(
      (await app.inject({ method: "GET", url: "/api/channels", headers: { cookie } })).statusCode,
    ).toBe(200);
    const noCsrf = await app.inject({ method: "POST", url: "/api/logout", headers: { cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe("csrf_token_invalid");

    const logout = await app.inject({
      method: "POST",
      url: "/api/logout",
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect(
      (await app.inject({ method: "GET", url: "/api/channels", headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it("refuses a wrong password and an unknown e-mail alike", async () => {
    const wrong = await app.inject({
      method: "POST",
      url: "/api/login",
      payload: { ...owner, password: "wrong password!" },
    });
    const unknown = await app.inject({
      method: "POST",
      url: "/api/login",
      payload: { email: "nobody@example.jp", password: owner.password },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it("does not let an operator send a campaign", async () => {
    await database.db
      .insertInto("staff_users")
      .values({
        email: "op@example.jp",
        password_hash: await hashPassword("operator password"),
        role: "operator",
      })
      .execute();
    const login = await app.inject({
      method: "POST",
      url: "/api/login",
      payload: { email: "op@example.jp", password: "operator password" },
    });
    const headers = {
      cookie: cookieOf(login),
      "x-csrf-token": (login.json() as { csrfToken: string }).csrfToken,
    };
    const send = await app.inject({
      method: "POST",
      url: "/api/channels/00000000-0000-4000-8000-000000000000/campaigns",
      headers,
      payload: { messages: [{ type: "text", text: "hello" }] },
    });
    expect(send.statusCode).toBe(403);
    expect(send.json().error.code).toBe("forbidden");
  });
});
