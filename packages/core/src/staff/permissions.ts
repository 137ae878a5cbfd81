export type StaffRole = "owner" | "admin" | "operator";

export type Permission =
  | "channels:read"
  | "friends:read"
  /** One friend at a time: tags, field values, notes. */
  | "friends:write"
  /** Many friends at once: tags and field values on a filtered selection. */
  | "friends:bulk_edit"
  | "friends:export"
  | "tags:manage"
  | "fields:manage"
  | "campaigns:read"
  | "campaigns:send"
  /** A channel's plan, monthly message limit, frequency cap and quiet hours. */
  | "delivery_settings:manage"
  | "members:read"
  /** Import members by CSV and define member attributes. */
  | "members:write"
  /** Create and revoke public API keys. */
  | "api_keys:manage"
  /** Link a friend to a member by hand, or unlink them (ID linking, way 4). */
  | "members:link"
  /** A channel's LINE Login channel and linking settings (second factor, sign-in page). */
  | "linking:manage"
  /** Create, rename and archive inflow routes (流入経路). */
  | "inflow_routes:manage"
  /** Send composed messages to the channel's test recipients, and choose who they are. */
  | "messages:test_send"
  /** See segments, their counts and sample friends. */
  | "segments:read"
  /** Save, change and delete segments; upload id lists (static audiences). */
  | "segments:manage";

const GRANTS: Record<StaffRole, readonly Permission[]> = {
  owner: [
    "channels:read",
    "friends:read",
    "friends:write",
    "friends:bulk_edit",
    "friends:export",
    "tags:manage",
    "fields:manage",
    "campaigns:read",
    "campaigns:send",
    "delivery_settings:manage",
    "members:read",
    "members:write",
    "api_keys:manage",
    "members:link",
    "linking:manage",
    "inflow_routes:manage",
    "messages:test_send",
    "segments:read",
    "segments:manage",
  ],
  admin: [
    "channels:read",
    "friends:read",
    "friends:write",
    "friends:bulk_edit",
    "friends:export",
    "tags:manage",
    "fields:manage",
    "campaigns:read",
    "campaigns:send",
    "delivery_settings:manage",
    "members:read",
    "members:write",
    "api_keys:manage",
    "members:link",
    "linking:manage",
    "inflow_routes:manage",
    "messages:test_send",
    "segments:read",
    "segments:manage",
  ],
  // Operators answer friends one to one: they tag and note the friend in front of them, but
  // sending to everyone, editing or exporting friends in bulk is not theirs to do. They see
  // the member record beside the chat, but importing members is not theirs either.
  operator: [
    "channels:read",
    "friends:read",
    "friends:write",
    "campaigns:read",
    "members:read",
    "segments:read",
  ],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
