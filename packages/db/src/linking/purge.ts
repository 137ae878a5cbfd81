import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/**
 * Deletes linking round-trip rows a day after they expired (nonces, login states, link
 * tokens, assertions, auto-login records, links waiting for a follow) and match attempts older than two windows.
 * Expired rows refuse on their own; this only keeps the tables small.
 */
export async function purgeLinkingRows(db: Kysely<DB>): Promise<number> {
  const cutoff = sql<Date>`now() - interval '1 day'`;
  const results = await Promise.all([
    db.deleteFrom("account_link_tokens").where("expires_at", "<", cutoff).executeTakeFirst(),
    db.deleteFrom("account_link_nonces").where("expires_at", "<", cutoff).executeTakeFirst(),
    db.deleteFrom("login_states").where("expires_at", "<", cutoff).executeTakeFirst(),
    db.deleteFrom("line_login_assertions").where("expires_at", "<", cutoff).executeTakeFirst(),
    db.deleteFrom("auto_login_tokens").where("expires_at", "<", cutoff).executeTakeFirst(),
    db.deleteFrom("pending_member_links").where("expires_at", "<", cutoff).executeTakeFirst(),
    db
      .deleteFrom("link_match_attempts")
      .where("attempted_at", "<", sql<Date>`now() - interval '2 days'`)
      .executeTakeFirst(),
  ]);
  return results.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
}
