import type { RichMenuTap } from "@kizuna/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/** A postback found to come from a rich-menu area: the row to name, and the area. */
export interface RichMenuTapRecord {
  channelId: string;
  lineUserId: string;
  at: Date;
  data: string;
  tap: RichMenuTap;
}

/**
 * Names the menu and area on postback timeline rows already written (in one statement): the
 * row of the user's postback at that time with that data. The row is written first, whether
 * or not LINE answers about its menus; a row named once keeps its name.
 */
export async function recordRichMenuTaps(
  db: Kysely<DB>,
  taps: readonly RichMenuTapRecord[],
): Promise<number> {
  if (taps.length === 0) return 0;
  const rows = taps.map((t) => ({
    channelId: t.channelId,
    lineUserId: t.lineUserId,
    at: t.at.toISOString(),
    data: t.data,
    ...t.tap,
  }));
  const result = await sql`
    UPDATE friend_timeline t
    SET detail = t.detail || jsonb_build_object(
      'richMenuId', r."richMenuId", 'richMenuName', r."richMenuName", 'area', r.area)
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r("channelId" uuid, "lineUserId" text, at timestamptz, data text,
             "richMenuId" text, "richMenuName" text, area text)
      JOIN friends f ON f.channel_id = r."channelId" AND f.line_user_id = r."lineUserId"
    WHERE t.friend_id = f.id
      AND t.occurred_at = r.at
      AND t.channel_id = r."channelId"
      AND t.kind = 'postback'
      AND t.detail -> 'data' = to_jsonb(r.data)
      AND t.detail -> 'richMenuId' IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
