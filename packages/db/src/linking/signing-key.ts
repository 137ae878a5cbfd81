import { randomBytes } from "node:crypto";
import type { SecretBox } from "@kizuna/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

const KEY_ID = "linking-v1";
const cache = new WeakMap<Kysely<DB>, Promise<Buffer>>();

/**
 * The HMAC key of Kizuna's URL tokens (match form, auto-login, form CSRF), shared by
 * every server and worker through the database and sealed at rest. The first process to
 * need it makes it; a concurrent first use by another process keeps the one stored.
 */
export function linkingKey(db: Kysely<DB>, box: SecretBox): Promise<Buffer> {
  let key = cache.get(db);
  if (!key) {
    key = loadOrCreate(db, box);
    key.catch(() => cache.delete(db));
    cache.set(db, key);
  }
  return key;
}

async function loadOrCreate(db: Kysely<DB>, box: SecretBox): Promise<Buffer> {
  await db
    .insertInto("linking_keys")
    .values({ id: KEY_ID, key_enc: box.seal(randomBytes(32).toString("base64")) })
    .onConflict((conflict) => conflict.column("id").doNothing())
    .execute();
  const row = await db
    .selectFrom("linking_keys")
    .select("key_enc")
    .where("id", "=", KEY_ID)
    .executeTakeFirstOrThrow();
  return Buffer.from(box.open(row.key_enc), "base64");
}
