import type { MemberAttributeCreate, MemberAttributeDefinition } from "@kizuna/core/members";
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export async function listMemberAttributes(db: Kysely<DB>): Promise<MemberAttributeDefinition[]> {
  return db
    .selectFrom("member_attributes")
    .select(["key", "label", "type", "choices"])
    .orderBy("created_at")
    .orderBy("key")
    .execute();
}

/** The definitions by key, as validators take them. */
export async function memberAttributeMap(
  db: Kysely<DB>,
): Promise<Map<string, MemberAttributeDefinition>> {
  return new Map((await listMemberAttributes(db)).map((a) => [a.key, a]));
}

/** Returns false when an attribute with the key exists already. */
export async function createMemberAttribute(
  db: Kysely<DB>,
  attribute: MemberAttributeCreate,
): Promise<boolean> {
  const inserted = await db
    .insertInto("member_attributes")
    .values({
      key: attribute.key,
      label: attribute.label,
      type: attribute.type,
      choices: attribute.choices ?? null,
    })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  return inserted !== undefined;
}
