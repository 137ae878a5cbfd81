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
  | "broadcasts:read"
  | "broadcasts:send"
  | "members:read"
  /** Import members by CSV and define member attributes. */
  | "members:write"
  /** Create and revoke public API keys. */
  | "api_keys:manage";

const GRANTS: Record<StaffRole, readonly Permission[]> = {
  owner: [
    "channels:read",
    "friends:read",
    "friends:write",
    "friends:bulk_edit",
    "friends:export",
    "tags:manage",
    "fields:manage",
    "broadcasts:read",
    "broadcasts:send",
    "members:read",
    "members:write",
    "api_keys:manage",
  ],
  admin: [
    "channels:read",
    "friends:read",
    "friends:write",
    "friends:bulk_edit",
    "friends:export",
    "tags:manage",
    "fields:manage",
    "broadcasts:read",
    "broadcasts:send",
    "members:read",
    "members:write",
    "api_keys:manage",
  ],
  // Operators answer friends one to one: they tag and note the friend in front of them, but
  // sending to everyone, editing or exporting friends in bulk is not theirs to do. They see
  // the member record beside the chat, but importing members is not theirs either.
  operator: ["channels:read", "friends:read", "friends:write", "broadcasts:read", "members:read"],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
