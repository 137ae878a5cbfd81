import { createHash } from "node:crypto";
import {
  chooseMatch,
  identifierKey,
  MATCH_MAX_FAILURES,
  MATCH_WINDOW_MS,
  type MatchAnswer,
  type MatchCandidate,
  mayAttemptMatch,
  phoneSpellings,
} from "@kizuna/core";
import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../schema.ts";
import { linkFriendToMember } from "./links.ts";

// More members than this behind one identifier is not a person but shared data.
const MAX_CANDIDATES = 20;

export type FormMatchResult =
  | { ok: true; memberId: string }
  /** Not linked; `remaining` answers left in the window. Says nothing about whether the member exists. */
  | { ok: false; code: "no_match"; remaining: number }
  | { ok: false; code: "too_many_attempts" }
  | { ok: false; code: "friend_not_found" };

/**
 * One answer of the match form: refuses a friend who failed too often in the last 24
 * hours (or an identifier many friends failed on), links on exactly one member fitting both
 * answers, and records the attempt. The friend's row is locked for the attempt, so parallel
 * submissions cannot outrun the limit.
 */
export async function matchAndLink(
  db: Kysely<DB>,
  request: { channelId: string; friendId: string; answer: MatchAnswer; now?: Date },
): Promise<FormMatchResult> {
  const now = request.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const friend = await trx
      .selectFrom("friends")
      .select("id")
      .where("id", "=", request.friendId)
      .where("channel_id", "=", request.channelId)
      .forUpdate()
      .executeTakeFirst();
    if (!friend) return { ok: false, code: "friend_not_found" };
    const identifierHash = createHash("sha256")
      .update(identifierKey(request.answer))
      .digest("base64url");
    // Attempts on one identifier from different friends are serialised too, so that many LINE
    // accounts at once cannot outrun its limit.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${identifierHash}))`.execute(trx);
    const failures = await recentMatchFailures(trx, friend.id, now);
    const identifierFailures = await recentIdentifierFailures(trx, identifierHash, now);
    if (!mayAttemptMatch(failures, identifierFailures))
      return { ok: false, code: "too_many_attempts" };

    const memberId = chooseMatch(await findMatchCandidates(trx, request.answer), request.answer);
    const linked = memberId
      ? await linkFriendToMember(trx, {
          channelId: request.channelId,
          friendId: friend.id,
          memberId,
          method: "form_match",
          actor: "friend",
        })
      : null;
    const succeeded = memberId !== null && linked?.ok === true;
    await trx
      .insertInto("link_match_attempts")
      .values({
        friend_id: friend.id,
        succeeded,
        attempted_at: now,
        identifier_hash: identifierHash,
      })
      .execute();
    if (succeeded) return { ok: true, memberId };
    return {
      ok: false,
      code: "no_match",
      remaining: Math.max(0, MATCH_MAX_FAILURES - failures - 1),
    };
  });
}

export async function recentMatchFailures(
  db: Kysely<DB>,
  friendId: string,
  now: Date,
): Promise<number> {
  const row = await db
    .selectFrom("link_match_attempts")
    .select((eb) => eb.fn.countAll<string>().as("failures"))
    .where("friend_id", "=", friendId)
    .where("succeeded", "=", false)
    .where("attempted_at", ">", new Date(now.getTime() - MATCH_WINDOW_MS))
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

async function recentIdentifierFailures(
  db: Kysely<DB>,
  identifierHash: string,
  now: Date,
): Promise<number> {
  const row = await db
    .selectFrom("link_match_attempts")
    .select((eb) => eb.fn.countAll<string>().as("failures"))
    .where("identifier_hash", "=", identifierHash)
    .where("succeeded", "=", false)
    .where("attempted_at", ">", new Date(now.getTime() - MATCH_WINDOW_MS))
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Members the identifier points at, through the index for its kind. */
async function findMatchCandidates(
  trx: Transaction<DB>,
  answer: MatchAnswer,
): Promise<MatchCandidate[]> {
  const { kind, value } = answer.identifier;
  let select = trx
    .selectFrom("members")
    .select(["id", "external_id", "email", "phone", "birthday"])
    .limit(MAX_CANDIDATES);
  switch (kind) {
    case "member_number":
      select = select.where("external_id", "=", value);
      break;
    case "email":
      select = select.where(sql`lower(email)`, "=", value);
      break;
    case "phone":
      select = select.where("phone", "in", phoneSpellings(value));
      break;
    default:
      return kind satisfies never;
  }
  const rows = await select.execute();
  return rows.map((row) => ({
    id: row.id,
    externalId: row.external_id,
    email: row.email,
    phone: row.phone,
    birthday: row.birthday,
  }));
}
