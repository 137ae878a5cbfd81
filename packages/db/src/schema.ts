import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** int8 columns are read as strings by both drivers (see connect.ts). */
type Int8 = string;
/** GENERATED ALWAYS AS IDENTITY: read, never written. */
type Identity = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type StaffRole = "owner" | "admin" | "operator";
export type FriendStatus = "following" | "blocked";
export type BroadcastStatus = "queued" | "sending" | "done" | "failed";
export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "skipped";
export type BatchStatus = "sending" | "sent" | "failed";

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  role: StaffRole;
  created_at: CreatedAt;
}

export interface StaffSessionsTable {
  token_hash: string;
  staff_user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface ChannelsTable {
  id: Generated<string>;
  line_channel_id: string;
  name: string;
  secret_enc: string;
  access_token_enc: string;
  api_base_url: string | null;
  bot_user_id: string | null;
  picture_url: string | null;
  created_at: CreatedAt;
}

export interface FriendsTable {
  id: Identity;
  channel_id: string;
  line_user_id: string;
  display_name: string | null;
  picture_url: string | null;
  status_message: string | null;
  language: string | null;
  status: FriendStatus;
  followed_at: Timestamp;
  blocked_at: Timestamp | null;
  profile_fetched_at: Timestamp | null;
  status_changed_at: Timestamp;
}

export interface WebhookEventsTable {
  channel_id: string;
  webhook_event_id: string;
  event_type: string;
  occurred_at: Timestamp;
  payload: Json<unknown>;
  received_at: CreatedAt;
  processed_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface BroadcastsTable {
  id: Generated<string>;
  channel_id: string;
  messages: Json<unknown[]>;
  status: BroadcastStatus;
  created_by: string | null;
  recipients: Generated<number>;
  sent: Generated<number>;
  failed: Generated<number>;
  skipped: Generated<number>;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface DeliveryBatchesTable {
  id: Generated<string>;
  broadcast_id: string;
  retry_key: Generated<string>;
  status: BatchStatus;
  attempts: Generated<number>;
  lease_until: Timestamp;
  request_id: string | null;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export interface DeliveriesTable {
  broadcast_id: string;
  friend_id: Int8;
  status: DeliveryStatus;
  batch_id: string | null;
  reason: string | null;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  started_at: Timestamp;
  beat_at: Timestamp;
}

export interface DB {
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  channels: ChannelsTable;
  friends: FriendsTable;
  webhook_events: WebhookEventsTable;
  broadcasts: BroadcastsTable;
  delivery_batches: DeliveryBatchesTable;
  deliveries: DeliveriesTable;
  worker_heartbeats: WorkerHeartbeatsTable;
}

export type Channel = Selectable<ChannelsTable>;
export type Friend = Selectable<FriendsTable>;
export type NewFriend = Insertable<FriendsTable>;
export type Broadcast = Selectable<BroadcastsTable>;
