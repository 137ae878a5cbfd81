import { AUTO_LOGIN_PURPOSE, newAutoLoginId, signToken, verifyAutoLoginToken } from "@kizuna/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export const AUTO_LOGIN_TTL_MS = 5 * 60_000;

export type AutoLoginIssue =
  | { ok: true; token: string; expiresAt: Date; externalId: string }
  | { ok: false; code: "friend_not_found" | "not_linked" };

/**
 * A one-tap sign-in for a linked friend: a signed token naming a single-use record
 * (jti), valid for minutes. The company site trades it for the member's id once.
 */
export async function issueAutoLoginToken(
  db: Kysely<DB>,
  key: Buffer,
  request: { channelId: string; lineUserId: string; now?: Date; ttlMs?: number },
): Promise<AutoLoginIssue> {
  const now = request.now ?? new Date();
  const friend = await db
    .selectFrom("friends as f")
    .leftJoin("members as m", "m.id", "f.member_id")
    .select(["f.id", "f.member_id", "m.external_id"])
    .where("f.channel_id", "=", request.channelId)
    .where("f.line_user_id", "=", request.lineUserId)
    .executeTakeFirst();
  if (!friend) return { ok: false, code: "friend_not_found" };
  if (!friend.member_id || !friend.external_id) return { ok: false, code: "not_linked" };
  const jti = newAutoLoginId();
  const expiresAt = new Date(now.getTime() + (request.ttlMs ?? AUTO_LOGIN_TTL_MS));
  await db
    .insertInto("auto_login_tokens")
    .values({ jti, member_id: friend.member_id, friend_id: friend.id, expires_at: expiresAt })
    .execute();
  return {
    ok: true,
    token: signToken(key, AUTO_LOGIN_PURPOSE, { j: jti }, expiresAt),
    expiresAt,
    externalId: friend.external_id,
  };
}

export type AutoLoginRedeem =
  | { ok: true; externalId: string; lineUserId: string; channelId: string }
  | {
      ok: false;
      code: "token_malformed" | "token_tampered" | "token_expired" | "token_used" | "not_linked";
    };

/**
 * Checks an auto-login token and uses it up. A token whose friend has been unlinked (or
 * linked to someone else) since it was made signs nobody in.
 */
export async function redeemAutoLoginToken(
  db: Kysely<DB>,
  key: Buffer,
  token: string,
  now: Date = new Date(),
): Promise<AutoLoginRedeem> {
  const check = verifyAutoLoginToken(key, token, now);
  if (!check.ok) return { ok: false, code: `token_${check.code}` };
  const claims = check.claims;
  return db.transaction().execute(async (trx) => {
    const signsIn = (friendId: string) =>
      trx
        .selectFrom("friends as f")
        .innerJoin("members as m", "m.id", "f.member_id")
        .select(["f.line_user_id", "f.channel_id", "f.member_id", "m.external_id"])
        .where("f.id", "=", friendId)
        .executeTakeFirst();
    let friend: Awaited<ReturnType<typeof signsIn>>;
    if ("f" in claims) {
      // A message's link has no record until it is used: making the record uses it up.
      friend = await signsIn(claims.f);
      if (friend?.member_id !== claims.m) return { ok: false, code: "not_linked" };
      const made = await trx
        .insertInto("auto_login_tokens")
        .values({
          jti: claims.j,
          member_id: claims.m,
          friend_id: claims.f,
          expires_at: check.expiresAt,
          used_at: now,
        })
        .onConflict((conflict) => conflict.column("jti").doNothing())
        .returning("jti")
        .executeTakeFirst();
      if (!made) return { ok: false, code: "token_used" };
    } else {
      const used = await trx
        .updateTable("auto_login_tokens")
        .set({ used_at: now })
        .where("jti", "=", claims.j)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returning(["member_id", "friend_id"])
        .executeTakeFirst();
      // A genuine token with no unused record was redeemed before (or purged, long expired).
      if (!used) return { ok: false, code: "token_used" };
      friend = await signsIn(used.friend_id);
      if (friend?.member_id !== used.member_id) return { ok: false, code: "not_linked" };
    }
    if (!friend) return { ok: false, code: "not_linked" };
    return {
      ok: true,
      externalId: friend.external_id,
      lineUserId: friend.line_user_id,
      channelId: friend.channel_id,
    };
  });
}
