import type { Audience, TemplateVariable } from "@kizuna/core";
import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import type { DB } from "../schema.ts";

/**
 * Which rows of `friends f` an audience takes, as a condition. Each audience type says how
 * it is snapshotted here; the switch is exhaustive, so a new type (segment, uploaded
 * audience, exclusions) cannot be forgotten.
 */
export function audienceCondition(audience: Audience, channelId: string): RawBuilder<SqlBool> {
  switch (audience.type) {
    case "all_friends":
      return sql<SqlBool>`f.channel_id = ${channelId} AND f.status = 'following'`;
    default: {
      const unknown: never = audience.type;
      throw new Error(`unknown audience type ${String(unknown)}`);
    }
  }
}

/** How many friends the audience holds now: the pre-send summary's recipient count. */
export async function countAudience(
  db: Kysely<DB>,
  channelId: string,
  audience: Audience,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM friends f WHERE ${audienceCondition(audience, channelId)}`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

// Personalisation reads each recipient's values with the recipient (`friends f`, the linked
// member `m`); the expressions come from this closed set, values and keys are parameters.

/** A custom field's value as text, whatever its type. */
function fieldValues(channelId: string, keys: readonly string[]): RawBuilder<unknown> {
  return sql`(
    SELECT jsonb_object_agg(cf.key, coalesce(
      fv.value_text, fv.value_number::text, to_char(fv.value_date, 'YYYY-MM-DD'),
      array_to_string(fv.value_choices, '、')))
    FROM friend_field_values fv JOIN custom_fields cf ON cf.id = fv.field_id
    WHERE fv.friend_id = f.id AND cf.channel_id = ${channelId} AND cf.key = ANY(${[...keys]}::text[]))`;
}

export function fieldKeysOf(variables: readonly TemplateVariable[]): string[] {
  return variables.flatMap((v) => (v.kind === "field" ? [v.key] : []));
}

/**
 * A value that is equal for two recipients exactly when every variable the messages use is:
 * ordering the snapshot by it puts friends who get the same payload next to each other.
 */
export function payloadGroupKey(
  variables: readonly TemplateVariable[],
  channelId: string,
): RawBuilder<string> {
  const parts: RawBuilder<unknown>[] = [];
  for (const variable of variables) {
    switch (variable.kind) {
      case "name":
        parts.push(sql`f.display_name`);
        break;
      case "member":
        parts.push(variable.key === "name" ? sql`m.name` : sql`m.points`);
        break;
      case "field":
        break;
      // Each linked friend's login link is their own; the unlinked share the plain page.
      case "login_url":
        parts.push(sql`CASE WHEN f.member_id IS NOT NULL THEN f.id END`);
        break;
      default: {
        const unknown: never = variable;
        throw new Error(`unknown variable ${JSON.stringify(unknown)}`);
      }
    }
  }
  const keys = fieldKeysOf(variables);
  if (keys.length > 0) parts.push(fieldValues(channelId, keys));
  return sql<string>`md5(jsonb_build_array(${sql.join(parts)})::text)`;
}

/** The columns a claim reads to render a recipient's messages. */
export function recipientValueColumns(
  channelId: string,
  fieldKeys: readonly string[],
): RawBuilder<unknown> {
  return sql`f.display_name AS display_name, m.name AS member_name, m.points AS member_points,
    ${fieldKeys.length > 0 ? fieldValues(channelId, fieldKeys) : sql`NULL::jsonb`} AS fields`;
}

/** Custom field keys the messages name that the channel does not have. */
export async function unknownFieldKeys(
  db: Kysely<DB>,
  channelId: string,
  keys: readonly string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom("custom_fields")
    .select("key")
    .where("channel_id", "=", channelId)
    .where("key", "in", [...keys])
    .execute();
  const known = new Set(rows.map((r) => r.key));
  return keys.filter((key) => !known.has(key));
}
