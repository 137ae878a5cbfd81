import { FOLLOW_KINDS } from "@kizuna/core";
import type { Kysely } from "kysely";
import type { DB, FriendStatus, Gender } from "../schema.ts";
import { type FriendFieldValue, listFriendFieldValues } from "./custom-fields.ts";
import { type FriendNote, listFriendNotes } from "./notes.ts";
import { listTimeline, type TimelineItem } from "./timeline.ts";

/** What the friend detail page shows of the linked member. */
export interface MemberSummary {
  id: string;
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  gender: Gender | null;
  prefecture: string | null;
  rank: string | null;
  points: number | null;
}

export interface FriendDetail {
  id: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  statusMessage: string | null;
  language: string | null;
  status: FriendStatus;
  followedAt: Date;
  blockedAt: Date | null;
  inflowRoute: { id: string; name: string } | null;
  member: MemberSummary | null;
  tags: { id: string; name: string; color: string | null; taggedAt: Date }[];
  fields: FriendFieldValue[];
  notes: FriendNote[];
  /** Follows, blocks and unblocks, newest first. */
  followHistory: TimelineItem[];
}

/** Everything about one friend of a channel but the timeline, which pages on its own. */
export async function getFriendDetail(
  db: Kysely<DB>,
  channelId: string,
  friendId: string,
): Promise<FriendDetail | null> {
  const friend = await db
    .selectFrom("friends as f")
    .leftJoin("inflow_routes as r", "r.id", "f.inflow_route_id")
    .leftJoin("members as m", "m.id", "f.member_id")
    .select([
      "f.id",
      "f.line_user_id",
      "f.display_name",
      "f.picture_url",
      "f.status_message",
      "f.language",
      "f.status",
      "f.followed_at",
      "f.blocked_at",
      "r.id as route_id",
      "r.name as route_name",
      "m.id as member_id",
      "m.external_id",
      "m.name as member_name",
      "m.email",
      "m.phone",
      "m.birthday",
      "m.gender",
      "m.prefecture",
      "m.rank",
      "m.points",
    ])
    .where("f.channel_id", "=", channelId)
    .where("f.id", "=", friendId)
    .executeTakeFirst();
  if (!friend) return null;
  const [tags, fields, notes, history] = await Promise.all([
    db
      .selectFrom("friend_tags as ft")
      .innerJoin("tags as t", "t.id", "ft.tag_id")
      .select(["t.id", "t.name", "t.color", "ft.tagged_at"])
      .where("ft.friend_id", "=", friend.id)
      .orderBy("t.name")
      .execute(),
    listFriendFieldValues(db, friend.id),
    listFriendNotes(db, friend.id),
    listTimeline(db, { friendId: friend.id, kinds: FOLLOW_KINDS, limit: 50 }),
  ]);
  return {
    id: friend.id,
    lineUserId: friend.line_user_id,
    displayName: friend.display_name,
    pictureUrl: friend.picture_url,
    statusMessage: friend.status_message,
    language: friend.language,
    status: friend.status,
    followedAt: friend.followed_at,
    blockedAt: friend.blocked_at,
    inflowRoute:
      friend.route_id && friend.route_name
        ? { id: friend.route_id, name: friend.route_name }
        : null,
    member:
      friend.member_id && friend.external_id
        ? {
            id: friend.member_id,
            externalId: friend.external_id,
            name: friend.member_name,
            email: friend.email,
            phone: friend.phone,
            birthday: friend.birthday,
            gender: friend.gender,
            prefecture: friend.prefecture,
            rank: friend.rank,
            points: friend.points,
          }
        : null,
    tags: tags.map((tag) => ({
      id: tag.id,
      name: tag.name,
      color: tag.color,
      taggedAt: tag.tagged_at,
    })),
    fields,
    notes,
    followHistory: history?.items ?? [],
  };
}

/** Whether a friend belongs to a channel: every per-friend route checks it first. */
export async function friendInChannel(
  db: Kysely<DB>,
  channelId: string,
  friendId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("friends")
    .select("id")
    .where("channel_id", "=", channelId)
    .where("id", "=", friendId)
    .executeTakeFirst();
  return row !== undefined;
}
