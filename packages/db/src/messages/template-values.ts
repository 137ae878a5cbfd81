import type { TemplateValues } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import { recipientValueColumns } from "../campaigns/audience.ts";
import type { DB } from "../schema.ts";

/** A friend with the values their personalised messages are rendered with. */
export interface FriendValues {
  friendId: string;
  lineUserId: string;
  following: boolean;
  values: TemplateValues;
}

interface Row {
  id: string;
  line_user_id: string;
  status: string;
  display_name: string | null;
  member_name: string | null;
  member_points: number | null;
  fields: Record<string, string> | null;
}

/**
 * The named friends of a channel with their template values, read by the same columns a
 * campaign's claim reads, so a preview or test send shows what the campaign would send.
 * Friends not in the channel are left out.
 */
export async function friendValues(
  db: Kysely<DB>,
  channelId: string,
  friendIds: readonly string[],
  fieldKeys: readonly string[],
): Promise<FriendValues[]> {
  if (friendIds.length === 0) return [];
  const { rows } = await sql<Row>`
    SELECT f.id, f.line_user_id, f.status, ${recipientValueColumns(channelId, fieldKeys)}
    FROM friends f
    LEFT JOIN members m ON m.id = f.member_id
    WHERE f.channel_id = ${channelId} AND f.id = ANY(${[...friendIds]}::bigint[])
    ORDER BY f.id`.execute(db);
  return rows.map((row) => ({
    friendId: String(row.id),
    lineUserId: row.line_user_id,
    following: row.status === "following",
    values: {
      name: row.display_name,
      member:
        row.member_name !== null || row.member_points !== null
          ? { name: row.member_name, points: row.member_points }
          : null,
      fields: row.fields ?? {},
    },
  }));
}
