import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";
import type { StaffUser } from "./staff-users.ts";

export interface StaffSession {
  user: StaffUser;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Kysely<DB>,
  session: { tokenHash: string; staffUserId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("staff_sessions")
    .values({
      token_hash: session.tokenHash,
      staff_user_id: session.staffUserId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function findSession(
  db: Kysely<DB>,
  tokenHash: string,
  now = new Date(),
): Promise<StaffSession | null> {
  const row = await db
    .selectFrom("staff_sessions as s")
    .innerJoin("staff_users as u", "u.id", "s.staff_user_id")
    .select(["u.id", "u.email", "u.role", "s.csrf_token", "s.expires_at"])
    .where("s.token_hash", "=", tokenHash)
    .where("s.expires_at", ">", now)
    .executeTakeFirst();
  if (!row) return null;
  return {
    user: { id: row.id, email: row.email, role: row.role },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom("staff_sessions").where("token_hash", "=", tokenHash).execute();
}

export async function deleteExpiredSessions(db: Kysely<DB>, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom("staff_sessions")
    .where("expires_at", "<=", now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
