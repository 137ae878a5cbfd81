// Builders for the friends tests: each makes one thing with sensible defaults.
import type { CustomFieldCreate, FieldValueInput } from "@kizuna/core";
import { parseFieldValue } from "@kizuna/core";
import type { Kysely } from "kysely";
import type { DB, FriendStatus } from "../schema.ts";
import { type CustomField, createCustomField, setFriendFieldValues } from "./custom-fields.ts";
import { createTag } from "./tags.ts";

let sequence = 0;
const next = () => ++sequence;

export async function aChannel(db: Kysely<DB>): Promise<string> {
  const row = await db
    .insertInto("channels")
    .values({
      line_channel_id: `C${next()}`,
      name: "Shop",
      secret_enc: "s",
      access_token_enc: "t",
      api_base_url: null,
      bot_user_id: null,
      picture_url: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface FriendSpec {
  displayName?: string | null;
  status?: FriendStatus;
  followedAt?: Date;
  memberId?: string | null;
  inflowRouteId?: string | null;
  lineUserId?: string;
}

export async function aFriend(db: Kysely<DB>, channelId: string, spec: FriendSpec = {}) {
  const followedAt = spec.followedAt ?? new Date(Date.UTC(2024, 0, 1) + next() * 60_000);
  const row = await db
    .insertInto("friends")
    .values({
      channel_id: channelId,
      line_user_id: spec.lineUserId ?? `U${String(next()).padStart(32, "0")}`,
      display_name: spec.displayName === undefined ? "友だち" : spec.displayName,
      status: spec.status ?? "following",
      followed_at: followedAt,
      blocked_at: spec.status === "blocked" ? followedAt : null,
      status_changed_at: followedAt,
      member_id: spec.memberId ?? null,
      inflow_route_id: spec.inflowRouteId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function aTag(db: Kysely<DB>, channelId: string, name = `tag${next()}`) {
  const result = await createTag(db, { channelId, name, color: null, actor: "system" });
  if (!result.ok) throw new Error(result.code);
  return result.tag.id;
}

export async function aField(
  db: Kysely<DB>,
  channelId: string,
  field: Partial<CustomFieldCreate> & Pick<CustomFieldCreate, "type">,
): Promise<CustomField> {
  const n = next();
  const result = await createCustomField(db, {
    key: `field_${n}`,
    label: `項目${n}`,
    ...field,
    channelId,
    actor: "system",
  } as CustomFieldCreate & { channelId: string; actor: "system" });
  if (!result.ok) throw new Error(result.code);
  return result.field;
}

export async function aRoute(db: Kysely<DB>, channelId: string, name = `route${next()}`) {
  const row = await db
    .insertInto("inflow_routes")
    .values({ channel_id: channelId, name, code: `code${String(next()).padStart(6, "0")}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function aMember(db: Kysely<DB>, externalId = `M${next()}`) {
  const row = await db
    .insertInto("members")
    .values({ external_id: externalId, name: "会員", attributes: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function tagFriend(db: Kysely<DB>, friendId: string, tagIds: readonly string[]) {
  if (tagIds.length === 0) return;
  await db
    .insertInto("friend_tags")
    .values(tagIds.map((tagId) => ({ friend_id: friendId, tag_id: tagId })))
    .execute();
}

export async function setValue(
  db: Kysely<DB>,
  channelId: string,
  friendId: string,
  field: CustomField,
  input: FieldValueInput,
) {
  const parsed = parseFieldValue(field, input);
  if (!parsed.ok) throw new Error(parsed.message);
  await setFriendFieldValues(db, {
    channelId,
    friendId,
    values: [{ field, value: parsed.value }],
    actor: "system",
  });
}
