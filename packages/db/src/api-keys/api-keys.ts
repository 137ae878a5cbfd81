import type { ApiKeyScope } from "@kizuna/core/api-keys/scopes";
import { type Kysely, type Selectable, sql } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import type { ApiKeysTable, DB } from "../schema.ts";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function view(row: Selectable<ApiKeysTable>): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Stores a new key's hash and records who created it, in one transaction. */
export async function createApiKey(
  db: Kysely<DB>,
  key: { name: string; scopes: ApiKeyScope[]; hash: string; prefix: string; createdBy: string },
): Promise<ApiKeyView> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("api_keys")
      .values({
        name: key.name,
        key_hash: key.hash,
        prefix: key.prefix,
        scopes: key.scopes,
        created_by: key.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: `staff:${key.createdBy}`,
      action: "api_key.created",
      targetType: "api_key",
      targetId: row.id,
      detail: { scopes: key.scopes },
    });
    return view(row);
  });
}

export async function listApiKeys(db: Kysely<DB>): Promise<ApiKeyView[]> {
  const rows = await db
    .selectFrom("api_keys")
    .selectAll()
    .orderBy("revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(view);
}

/** Returns false when there is no such key or it was revoked already. */
export async function revokeApiKey(
  db: Kysely<DB>,
  keyId: string,
  staffUserId: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("api_keys")
      .set({ revoked_at: new Date() })
      .where("id", "=", keyId)
      .where("revoked_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, {
      actor: `staff:${staffUserId}`,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
    });
    return true;
  });
}

export interface ApiKeyPrincipal {
  id: string;
  scopes: ApiKeyScope[];
  revoked: boolean;
}

// last_used_at is for people ("used 3 minutes ago"): one write a minute per key is enough.
const LAST_USED_RESOLUTION = "1 minute";

/** The key with this hash, revoked or not; notes its use. */
export async function findApiKeyByHash(
  db: Kysely<DB>,
  hash: string,
): Promise<ApiKeyPrincipal | null> {
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "scopes", "revoked_at", "last_used_at"])
    .where("key_hash", "=", hash)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.revoked_at) {
    await db
      .updateTable("api_keys")
      .set({ last_used_at: new Date() })
      .where("id", "=", row.id)
      .where((eb) =>
        eb.or([
          eb("last_used_at", "is", null),
          eb("last_used_at", "<", sql<Date>`now() - ${LAST_USED_RESOLUTION}::interval`),
        ]),
      )
      .execute();
  }
  return { id: row.id, scopes: row.scopes as ApiKeyScope[], revoked: row.revoked_at !== null };
}
