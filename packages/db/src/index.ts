export * from "./audit/audit-log.ts";
export * from "./broadcasts/broadcasts.ts";
export * from "./broadcasts/delivery.ts";
export * from "./channels/channels.ts";
export {
  type Database,
  type DatabaseBackend,
  type DatabaseOptions,
  openDatabase,
  type SqlSession,
} from "./connect.ts";
export * from "./friends/friends.ts";
export * from "./friends/timeline.ts";
export * from "./linking/links.ts";
export { loadMigrations, migrate } from "./migrate.ts";
export type * from "./schema.ts";
export * from "./staff/sessions.ts";
export * from "./staff/staff-users.ts";
export * from "./webhook-events/inbox.ts";
export * from "./workers/heartbeats.ts";
