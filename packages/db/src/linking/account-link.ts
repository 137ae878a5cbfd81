import { newNonce, tokenHash } from "@kizuna/core";
import type { Kysely, Transaction } from "kysely";
import type { DB } from "../schema.ts";
import { ensureLinkableMember } from "./members.ts";

/** LINE's link token lives ten minutes; Kizuna's nonce as long as LINE recommends. */
export const LINK_TOKEN_TTL_MS = 10 * 60_000;
export const ACCOUNT_LINK_NONCE_TTL_MS = 10 * 60_000;
/** Wrong passwords on the hosted sign-in page before that link token is refused. */
export const MAX_FAILED_SIGN_INS = 5;

export interface IssuedLinkToken {
  channelId: string;
  friendId: string;
  lineUserId: string;
  linkToken: string;
  issuedAt: Date;
}

/** Remembers whose link token LINE issued, so that the sign-in page knows who is linking. */
export async function recordLinkToken(db: Kysely<DB>, issued: IssuedLinkToken): Promise<void> {
  await db
    .insertInto("account_link_tokens")
    .values({
      link_token_hash: tokenHash(issued.linkToken),
      channel_id: issued.channelId,
      friend_id: issued.friendId,
      line_user_id: issued.lineUserId,
      issued_at: issued.issuedAt,
      expires_at: new Date(issued.issuedAt.getTime() + LINK_TOKEN_TTL_MS),
    })
    .onConflict((conflict) => conflict.column("link_token_hash").doNothing())
    .execute();
}

export type LinkTokenState =
  | {
      ok: true;
      channelId: string;
      friendId: string;
      lineUserId: string;
      expiresAt: Date;
      failedSignIns: number;
    }
  | { ok: false; code: "link_token_unknown" | "link_token_expired" | "too_many_sign_ins" };

export async function checkLinkToken(
  db: Kysely<DB>,
  linkToken: string,
  now: Date = new Date(),
): Promise<LinkTokenState> {
  const row = await db
    .selectFrom("account_link_tokens")
    .selectAll()
    .where("link_token_hash", "=", tokenHash(linkToken))
    .executeTakeFirst();
  if (!row) return { ok: false, code: "link_token_unknown" };
  if (row.expires_at <= now) return { ok: false, code: "link_token_expired" };
  if (row.failed_sign_ins >= MAX_FAILED_SIGN_INS) return { ok: false, code: "too_many_sign_ins" };
  return {
    ok: true,
    channelId: row.channel_id,
    friendId: row.friend_id,
    lineUserId: row.line_user_id,
    expiresAt: row.expires_at,
    failedSignIns: row.failed_sign_ins,
  };
}

/** Counts a wrong password on the hosted page; returns the count so far. */
export async function recordFailedSignIn(db: Kysely<DB>, linkToken: string): Promise<number> {
  const row = await db
    .updateTable("account_link_tokens")
    .set((eb) => ({ failed_sign_ins: eb("failed_sign_ins", "+", 1) }))
    .where("link_token_hash", "=", tokenHash(linkToken))
    .returning("failed_sign_ins")
    .executeTakeFirst();
  return row?.failed_sign_ins ?? 0;
}

export type NonceIssue =
  | { ok: true; nonce: string; channelId: string; memberId: string; expiresAt: Date }
  | { ok: false; code: "link_token_unknown" | "link_token_expired" | "too_many_sign_ins" };

/**
 * After the company vouched for the member (its sign-in page, or its own through the API):
 * a single-use nonce bound to the friend's LINE user id and the member, as LINE asks —
 * unpredictable, 128+ bits, never derived from the member id.
 * https://developers.line.biz/en/docs/messaging-api/linking-accounts/
 */
export async function issueAccountLinkNonce(
  db: Kysely<DB>,
  request: { linkToken: string; externalId: string; now?: Date },
): Promise<NonceIssue> {
  const now = request.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const token = await checkLinkToken(trx, request.linkToken, now);
    if (!token.ok) return token;
    const memberId = await ensureLinkableMember(trx, request.externalId);
    const nonce = newNonce();
    const expiresAt = new Date(now.getTime() + ACCOUNT_LINK_NONCE_TTL_MS);
    await trx
      .insertInto("account_link_nonces")
      .values({
        nonce,
        channel_id: token.channelId,
        line_user_id: token.lineUserId,
        member_id: memberId,
        expires_at: expiresAt,
      })
      .execute();
    await trx
      .updateTable("account_link_tokens")
      .set({ used_at: now })
      .where("link_token_hash", "=", tokenHash(request.linkToken))
      .execute();
    return { ok: true, nonce, channelId: token.channelId, memberId, expiresAt };
  });
}

export type NonceUse =
  | { ok: true; memberId: string }
  | { ok: false; code: "nonce_unknown" | "nonce_used" | "nonce_expired" | "nonce_other_user" };

/**
 * The nonce of an accountLink event, used once: whatever the outcome it cannot be
 * presented again. A nonce issued for another LINE user is refused (and burnt).
 */
export async function consumeAccountLinkNonce(
  trx: Transaction<DB>,
  use: { channelId: string; nonce: string; lineUserId: string; now: Date },
): Promise<NonceUse> {
  const row = await trx
    .selectFrom("account_link_nonces")
    .selectAll()
    .where("nonce", "=", use.nonce)
    .where("channel_id", "=", use.channelId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return { ok: false, code: "nonce_unknown" };
  if (row.used_at) return { ok: false, code: "nonce_used" };
  await trx
    .updateTable("account_link_nonces")
    .set({ used_at: use.now })
    .where("nonce", "=", use.nonce)
    .execute();
  if (row.expires_at <= use.now) return { ok: false, code: "nonce_expired" };
  if (row.line_user_id !== use.lineUserId) return { ok: false, code: "nonce_other_user" };
  return { ok: true, memberId: row.member_id };
}
