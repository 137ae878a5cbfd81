import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** int8 columns are read as strings by both drivers (see connect.ts). */
type Int8 = string;
/** GENERATED ALWAYS AS IDENTITY: read, never written. */
type Identity = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;
/** A calendar day, `YYYY-MM-DD`, read and written as text (see connect.ts). */
type Day = string;

export type StaffRole = "owner" | "admin" | "operator";
export type FriendStatus = "following" | "blocked";
export type CampaignStatus = "scheduled" | "queued" | "sending" | "done" | "failed" | "cancelled";
export type SkipReason = "blocked" | "capped" | "quiet_hours";
export type BatchKind = "multicast" | "push" | "unsendable";
export type BatchStatus = "sending" | "accepted" | "failed";

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
  login_channel_id: Generated<string | null>;
  login_channel_secret_enc: Generated<string | null>;
  login_base_url: Generated<string | null>;
  basic_id: Generated<string | null>;
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
  inflow_route_id: Generated<string | null>;
  member_id: Generated<string | null>;
  /** The friend's tags, kept from friend_tags by triggers (0011); read-only for code. */
  tag_ids: ColumnType<string[], never, never>;
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

export interface CampaignsTable {
  id: Generated<string>;
  channel_id: string;
  name: string | null;
  messages: Json<unknown[]>;
  /** Defaults to all valid friends. */
  audience: ColumnType<unknown, string | undefined, string>;
  status: CampaignStatus;
  created_by: Generated<string | null>;
  /** Defaults to now: send at once. */
  scheduled_at: ColumnType<Date, Date | string | undefined, Date | string>;
  // Counters kept in the transactions that change them: progress reads one row.
  recipients: Generated<number>;
  accepted: Generated<number>;
  failed: Generated<number>;
  skipped_blocked: Generated<number>;
  skipped_capped: Generated<number>;
  skipped_quiet_hours: Generated<number>;
  next_seq: Generated<number>;
  held_until: Timestamp | null;
  error: string | null;
  error_detail: Json<Record<string, unknown>> | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  receipts_recorded_at: Generated<Date | null>;
  /** A/B split: [{messages, weight}] by variant index; null for a single campaign. */
  variants: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface DeliveriesTable {
  campaign_id: string;
  seq: number;
  friend_id: Int8;
  skip_reason: SkipReason | null;
  /** 0-based variant index; null for a single campaign. */
  variant: ColumnType<number | null, number | null | undefined, number | null>;
  /** LINE's words when it refused this recipient by name: failed, out of its batch's request. */
  refused: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeliveryBatchesTable {
  id: Generated<string>;
  campaign_id: string;
  channel_id: string;
  kind: BatchKind;
  seq_from: number;
  seq_to: number;
  recipients: number;
  messages: Json<unknown[]> | null;
  retry_key: Generated<string>;
  status: BatchStatus;
  attempts: Generated<number>;
  retry_at: Generated<Date>;
  request_id: string | null;
  reason: string | null;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  /** The variant whose messages it carries; null for a single campaign. */
  variant: ColumnType<number | null, number | null | undefined, number | null>;
}

/** An A/B split's counts per variant, kept where recipients are snapshotted, skipped or refused. */
export interface CampaignVariantCountsTable {
  campaign_id: string;
  variant: number;
  recipients: number;
  /** Capped at the snapshot, blocked since, or skipped for quiet hours. */
  skipped: Generated<number>;
  /** Refused by LINE by name: failed, out of their batches. */
  refused: Generated<number>;
}

/** A view: each recipient with its outcome. */
export interface CampaignRecipientsView {
  campaign_id: ColumnType<string, never, never>;
  seq: ColumnType<number, never, never>;
  friend_id: ColumnType<Int8, never, never>;
  status: ColumnType<"pending" | "sending" | "accepted" | "failed" | "skipped", never, never>;
  reason: ColumnType<string | null, never, never>;
  batch_id: ColumnType<string | null, never, never>;
  sent_at: ColumnType<Date | null, never, never>;
}

export interface ChannelSendersTable {
  channel_id: string;
  holder: string;
  lease_until: Timestamp;
  acquired_at: CreatedAt;
}

export interface ChannelDeliverySettingsTable {
  channel_id: string;
  plan: Generated<"communication" | "light" | "standard" | "custom">;
  custom_plan: Json<unknown> | null;
  monthly_limit: number | null;
  frequency_cap_count: number | null;
  frequency_cap_hours: number | null;
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  quiet_hours_mode: Generated<"hold" | "skip">;
  time_zone: Generated<string>;
  updated_at: Generated<Date>;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  started_at: Timestamp;
  beat_at: Timestamp;
}

export type CustomFieldType = "text" | "number" | "date" | "single_choice" | "multi_choice";
export type MemberAttributeType = "text" | "number" | "date" | "boolean" | "choice";
export type Gender = "female" | "male" | "other" | "unknown";
export type LinkMethod = "account_link" | "line_login" | "form_match" | "manual" | "api";
export type ImportStatus = "uploading" | "uploaded" | "queued" | "running" | "done" | "failed";
export type LoginPurpose = "inflow_route" | "site_login" | "account_link";

export interface TagsTable {
  id: Generated<string>;
  channel_id: string;
  name: string;
  color: string | null;
  created_at: CreatedAt;
}

export interface FriendTagsTable {
  friend_id: string;
  tag_id: string;
  tagged_at: Generated<Date>;
}

export interface CustomFieldsTable {
  id: Generated<string>;
  channel_id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  choices: string[] | null;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface FriendFieldValuesTable {
  friend_id: string;
  field_id: string;
  value_text: string | null;
  /** numeric: read as a string by both drivers, to keep its precision. */
  value_number: string | null;
  value_date: Day | null;
  value_choices: string[] | null;
  updated_at: Generated<Date>;
}

export interface FriendNotesTable {
  id: Generated<string>;
  friend_id: string;
  staff_user_id: string | null;
  body: string;
  created_at: CreatedAt;
}

export interface FriendTimelineTable {
  id: Identity;
  channel_id: string;
  friend_id: string;
  occurred_at: Timestamp;
  kind: string;
  actor: string;
  detail: Json<Record<string, unknown>>;
}

export interface InflowRoutesTable {
  id: Generated<string>;
  channel_id: string;
  name: string;
  code: string;
  created_at: CreatedAt;
  archived_at: Timestamp | null;
}

export interface InflowRouteVisitsTable {
  id: Identity;
  route_id: string;
  visited_at: Generated<Date>;
  line_user_id: string | null;
}

export interface MembersTable {
  id: Generated<string>;
  external_id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  birthday: Day | null;
  gender: Gender | null;
  prefecture: string | null;
  rank: string | null;
  points: number | null;
  attributes: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface MemberAttributesTable {
  key: string;
  label: string;
  type: MemberAttributeType;
  choices: string[] | null;
  created_at: CreatedAt;
}

export interface MemberLinksTable {
  id: Identity;
  channel_id: string;
  friend_id: string;
  member_id: string;
  action: "linked" | "unlinked";
  method: LinkMethod;
  actor: string;
  occurred_at: Generated<Date>;
}

export interface LinkRateDailyTable {
  channel_id: string;
  day: Day;
  valid_friends: number;
  linked_friends: number;
}

export interface MemberImportsTable {
  id: Generated<string>;
  file_name: string;
  encoding: "utf-8" | "shift_jis";
  byte_size: Generated<Int8>;
  mapping: Json<Record<string, string>> | null;
  dry_run: Generated<boolean>;
  status: ImportStatus;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  accepted_rows: Generated<number>;
  created_rows: Generated<number>;
  updated_rows: Generated<number>;
  unchanged_rows: Generated<number>;
  rejected_rows: Generated<number>;
  error: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface MemberImportChunksTable {
  import_id: string;
  seq: number;
  data: Buffer | Uint8Array;
}

export interface MemberImportRejectionsTable {
  import_id: string;
  row_number: number;
  reason: string;
  raw: string;
}

export interface AccountLinkNoncesTable {
  nonce: string;
  channel_id: string;
  line_user_id: string;
  member_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginStatesTable {
  state: string;
  channel_id: string;
  nonce: string;
  code_verifier: string;
  purpose: LoginPurpose;
  route_id: string | null;
  member_id: string | null;
  return_to: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  visit_id: Generated<Int8 | null>;
}

export interface AutoLoginTokensTable {
  jti: string;
  member_id: string;
  friend_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LinkMatchAttemptsTable {
  id: Identity;
  friend_id: string;
  succeeded: boolean;
  attempted_at: Generated<Date>;
  /** SHA-256 of the identifier's kind and normalised value. */
  identifier_hash: Generated<string | null>;
}

export type SecondFactorSetting = "birthday" | "phone" | "email";

export interface LinkingKeysTable {
  id: string;
  key_enc: string;
  created_at: CreatedAt;
}

export interface AccountLinkTokensTable {
  link_token_hash: string;
  channel_id: string;
  friend_id: Int8;
  line_user_id: string;
  issued_at: CreatedAt;
  expires_at: Timestamp;
  failed_sign_ins: Generated<number>;
  used_at: Timestamp | null;
}

export interface LineLoginAssertionsTable {
  token_hash: string;
  channel_id: string;
  line_user_id: string;
  member_id: string | null;
  linked: boolean;
  friendship_status_changed: boolean | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  link_pending: Generated<boolean>;
}

/** A link LINE Login proved for a visitor not yet a friend, made when they follow. */
export interface PendingMemberLinksTable {
  channel_id: string;
  line_user_id: string;
  member_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface ChannelLinkingSettingsTable {
  channel_id: string;
  match_second_factor: Generated<SecondFactorSetting>;
  account_link_url: string | null;
  updated_at: Generated<Date>;
}

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  key_hash: string;
  prefix: string;
  scopes: string[];
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Friends a composer test send may reach (staff's own LINE accounts). */
export interface MessageTestRecipientsTable {
  channel_id: string;
  friend_id: string;
  added_by: string | null;
  added_at: CreatedAt;
}

export interface AuditLogTable {
  id: Identity;
  occurred_at: Generated<Date>;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  detail: Json<Record<string, unknown>>;
}

export interface EventsTable {
  id: Identity;
  occurred_at: Timestamp;
  type: string;
  member_id: string | null;
  line_user_id: string | null;
  properties: Json<Record<string, unknown>>;
  event_id: string | null;
  api_key_id: string | null;
  received_at: CreatedAt;
}

export interface SegmentsTable {
  id: Generated<string>;
  channel_id: string;
  name: string;
  description: string | null;
  definition: Json<unknown>;
  segment_refs: Generated<string[]>;
  list_refs: Generated<string[]>;
  last_count: number | null;
  last_count_ms: number | null;
  last_counted_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type AudienceListIdKind = "external_id" | "line_user_id";

export interface AudienceListsTable {
  id: Generated<string>;
  channel_id: string;
  name: string;
  id_kind: AudienceListIdKind;
  file_name: string | null;
  status: "uploading" | "ready" | "failed";
  entries: Generated<number>;
  rejected_rows: Generated<number>;
  rejections: Json<unknown[]>;
  error: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AudienceListEntriesTable {
  list_id: string;
  value: string;
}

/** A campaign's URL replaced by `/l/<code>` (migration 0010). */
export interface TrackedLinksTable {
  id: Generated<string>;
  code: string;
  channel_id: string;
  campaign_id: string | null;
  /** 0-based variant index; null for a single-variant campaign. */
  variant: number | null;
  url: string;
  created_at: CreatedAt;
}

export interface LinkClicksTable {
  id: Identity;
  link_id: string;
  campaign_id: string | null;
  variant: number | null;
  /** null when the click could not be tied to a friend. */
  friend_id: Int8 | null;
  clicked_at: CreatedAt;
}

/** A campaign's (variant's) unit in LINE's per-unit statistics, as last read (migration 0014). */
export interface CampaignOpensTable {
  campaign_id: string;
  channel_id: string;
  /** 0-based variant index; null for a single campaign. */
  variant: number | null;
  /** Recipients LINE had accepted when the figures were read. */
  delivered: number | null;
  /** Null after a read: under 20 users, LINE does not report. */
  unique_impressions: number | null;
  unique_clicks: number | null;
  /** null: not read yet. */
  read_at: Timestamp | null;
  attempted_at: Timestamp | null;
  error: string | null;
  /** Set when LINE will not count the unit (0018): it is never read. */
  uncounted_reason: "unit_limit" | null;
}

export interface DB {
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  channels: ChannelsTable;
  friends: FriendsTable;
  webhook_events: WebhookEventsTable;
  campaigns: CampaignsTable;
  delivery_batches: DeliveryBatchesTable;
  deliveries: DeliveriesTable;
  campaign_variant_counts: CampaignVariantCountsTable;
  campaign_recipients: CampaignRecipientsView;
  channel_senders: ChannelSendersTable;
  channel_delivery_settings: ChannelDeliverySettingsTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  tags: TagsTable;
  friend_tags: FriendTagsTable;
  custom_fields: CustomFieldsTable;
  friend_field_values: FriendFieldValuesTable;
  friend_notes: FriendNotesTable;
  friend_timeline: FriendTimelineTable;
  inflow_routes: InflowRoutesTable;
  inflow_route_visits: InflowRouteVisitsTable;
  members: MembersTable;
  member_attributes: MemberAttributesTable;
  member_links: MemberLinksTable;
  link_rate_daily: LinkRateDailyTable;
  member_imports: MemberImportsTable;
  member_import_chunks: MemberImportChunksTable;
  member_import_rejections: MemberImportRejectionsTable;
  account_link_nonces: AccountLinkNoncesTable;
  login_states: LoginStatesTable;
  auto_login_tokens: AutoLoginTokensTable;
  link_match_attempts: LinkMatchAttemptsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  message_test_recipients: MessageTestRecipientsTable;
  linking_keys: LinkingKeysTable;
  account_link_tokens: AccountLinkTokensTable;
  line_login_assertions: LineLoginAssertionsTable;
  pending_member_links: PendingMemberLinksTable;
  channel_linking_settings: ChannelLinkingSettingsTable;
  events: EventsTable;
  segments: SegmentsTable;
  audience_lists: AudienceListsTable;
  audience_list_entries: AudienceListEntriesTable;
  tracked_links: TrackedLinksTable;
  link_clicks: LinkClicksTable;
  campaign_opens: CampaignOpensTable;
}

export type Channel = Selectable<ChannelsTable>;
export type Friend = Selectable<FriendsTable>;
export type NewFriend = Insertable<FriendsTable>;
export type Campaign = Selectable<CampaignsTable>;
