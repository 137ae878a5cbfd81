import { newCodeVerifier, newNonce, newToken, tokenHash } from "@kizuna/core";
import type { Kysely, Transaction } from "kysely";
import type { DB, LoginPurpose } from "../schema.ts";

export const LOGIN_STATE_TTL_MS = 10 * 60_000;
export const LOGIN_ASSERTION_TTL_MS = 5 * 60_000;

export interface LoginStart {
  channelId: string;
  purpose: LoginPurpose;
  routeId?: string | null;
  visitId?: string | null;
  memberId?: string | null;
  returnTo?: string | null;
  now?: Date;
}

export interface StartedLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: Date;
}

/** One LINE Login round trip: `state` against CSRF, `nonce` against replayed ID tokens, PKCE. */
export async function startLogin(db: Kysely<DB>, start: LoginStart): Promise<StartedLogin> {
  const now = start.now ?? new Date();
  const login = {
    state: newNonce(),
    nonce: newNonce(),
    codeVerifier: newCodeVerifier(),
    expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS),
  };
  await db
    .insertInto("login_states")
    .values({
      state: login.state,
      channel_id: start.channelId,
      nonce: login.nonce,
      code_verifier: login.codeVerifier,
      purpose: start.purpose,
      route_id: start.routeId ?? null,
      visit_id: start.visitId ?? null,
      member_id: start.memberId ?? null,
      return_to: start.returnTo ?? null,
      created_at: now,
      expires_at: login.expiresAt,
    })
    .execute();
  return login;
}

export interface PendingLogin {
  channelId: string;
  purpose: LoginPurpose;
  nonce: string;
  codeVerifier: string;
  routeId: string | null;
  visitId: string | null;
  memberId: string | null;
  returnTo: string | null;
}

export type LoginStateUse =
  | { ok: true; login: PendingLogin }
  | { ok: false; code: "state_unknown" | "state_used" | "state_expired" };

/** The login a callback's `state` names, used up by this call whatever comes next. */
export async function consumeLoginState(
  trx: Transaction<DB>,
  state: string,
  now: Date = new Date(),
): Promise<LoginStateUse> {
  const row = await trx
    .selectFrom("login_states")
    .selectAll()
    .where("state", "=", state)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return { ok: false, code: "state_unknown" };
  if (row.used_at) return { ok: false, code: "state_used" };
  await trx.updateTable("login_states").set({ used_at: now }).where("state", "=", state).execute();
  if (row.expires_at <= now) return { ok: false, code: "state_expired" };
  return {
    ok: true,
    login: {
      channelId: row.channel_id,
      purpose: row.purpose,
      nonce: row.nonce,
      codeVerifier: row.code_verifier,
      routeId: row.route_id,
      visitId: row.visit_id,
      memberId: row.member_id,
      returnTo: row.return_to,
    },
  };
}

export interface LoginAssertion {
  channelId: string;
  lineUserId: string;
  memberId: string | null;
  linked: boolean;
  friendshipStatusChanged: boolean | null;
  /** The link waits for the user to add the friend (they declined on the login screen). */
  linkPending?: boolean;
}

/** What the company site may learn once about a finished login; returns the token it redeems. */
export async function createLoginAssertion(
  db: Kysely<DB>,
  assertion: LoginAssertion,
  now: Date = new Date(),
): Promise<string> {
  const token = newToken();
  await db
    .insertInto("line_login_assertions")
    .values({
      token_hash: tokenHash(token),
      channel_id: assertion.channelId,
      line_user_id: assertion.lineUserId,
      member_id: assertion.memberId,
      linked: assertion.linked,
      friendship_status_changed: assertion.friendshipStatusChanged,
      link_pending: assertion.linkPending ?? false,
      created_at: now,
      expires_at: new Date(now.getTime() + LOGIN_ASSERTION_TTL_MS),
    })
    .execute();
  return token;
}

export type AssertionRedeem =
  | {
      ok: true;
      channelId: string;
      lineUserId: string;
      externalId: string | null;
      linked: boolean;
      friendshipStatusChanged: boolean | null;
      linkPending: boolean;
    }
  | { ok: false; code: "assertion_unknown" | "assertion_used" | "assertion_expired" };

export async function redeemLoginAssertion(
  db: Kysely<DB>,
  token: string,
  now: Date = new Date(),
): Promise<AssertionRedeem> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("line_login_assertions as a")
      .leftJoin("members as m", "m.id", "a.member_id")
      .select([
        "a.token_hash",
        "a.channel_id",
        "a.line_user_id",
        "a.linked",
        "a.friendship_status_changed",
        "a.link_pending",
        "a.expires_at",
        "a.used_at",
        "m.external_id",
      ])
      .where("a.token_hash", "=", tokenHash(token))
      .forUpdate("a")
      .executeTakeFirst();
    if (!row) return { ok: false, code: "assertion_unknown" };
    if (row.used_at) return { ok: false, code: "assertion_used" };
    await trx
      .updateTable("line_login_assertions")
      .set({ used_at: now })
      .where("token_hash", "=", row.token_hash)
      .execute();
    if (row.expires_at <= now) return { ok: false, code: "assertion_expired" };
    return {
      ok: true,
      channelId: row.channel_id,
      lineUserId: row.line_user_id,
      externalId: row.external_id,
      linked: row.linked,
      friendshipStatusChanged: row.friendship_status_changed,
      linkPending: row.link_pending,
    };
  });
}
