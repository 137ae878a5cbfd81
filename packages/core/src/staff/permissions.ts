export type StaffRole = "owner" | "admin" | "operator";

export type Permission = "channels:read" | "friends:read" | "broadcasts:read" | "broadcasts:send";

const GRANTS: Record<StaffRole, readonly Permission[]> = {
  owner: ["channels:read", "friends:read", "broadcasts:read", "broadcasts:send"],
  admin: ["channels:read", "friends:read", "broadcasts:read", "broadcasts:send"],
  // Operators answer friends one to one; sending to everyone is not theirs to do.
  operator: ["channels:read", "friends:read", "broadcasts:read"],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
