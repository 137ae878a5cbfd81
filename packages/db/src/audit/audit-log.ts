import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

/** Who did something: a staff member, an API key, the friend themself, or Kizuna. */
export type Actor = `staff:${string}` | `api_key:${string}` | "friend" | "system";

export interface AuditEntry {
  actor: Actor;
  /** A verb phrase in dotted form: `member.linked`, `friend.tags_added`, `api_key.created`. */
  action: string;
  targetType: string;
  targetId: string;
  /** Ids and counts, never personal data (names, e-mails, message text). */
  detail?: Record<string, unknown>;
}

/** Appends to the audit trail; pass the transaction that made the change. */
export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor: entry.actor,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
