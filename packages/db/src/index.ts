export * from "./api-keys/api-keys.ts";
export * from "./audit/audit-log.ts";
export * from "./campaigns/index.ts";
export * from "./channels/channels.ts";
export {
  type Database,
  type DatabaseBackend,
  type DatabaseOptions,
  openDatabase,
  type SqlSession,
} from "./connect.ts";
export * from "./events/index.ts";
export * from "./friends/bulk.ts";
export * from "./friends/custom-fields.ts";
export * from "./friends/detail.ts";
export * from "./friends/events.ts";
export * from "./friends/export.ts";
export * from "./friends/filter.ts";
export * from "./friends/friends.ts";
export * from "./friends/notes.ts";
export * from "./friends/rich-menu-taps.ts";
export * from "./friends/tags.ts";
export * from "./friends/timeline.ts";
export * from "./inflow-routes/inflow-routes.ts";
export * from "./linking/account-link.ts";
export * from "./linking/auto-login.ts";
export * from "./linking/form-match.ts";
export * from "./linking/history.ts";
export * from "./linking/links.ts";
export * from "./linking/login-channel.ts";
export * from "./linking/login-states.ts";
export * from "./linking/members.ts";
export * from "./linking/pending.ts";
export * from "./linking/purge.ts";
export * from "./linking/settings.ts";
export * from "./linking/signing-key.ts";
export * from "./members/attributes.ts";
export * from "./members/import-upload.ts";
export * from "./members/imports.ts";
export * from "./members/members.ts";
export * from "./messages/index.ts";
export { loadMigrations, migrate } from "./migrate.ts";
export type * from "./schema.ts";
export * from "./segments/index.ts";
export * from "./staff/sessions.ts";
export * from "./staff/staff-users.ts";
export * from "./webhook-events/inbox.ts";
export * from "./workers/heartbeats.ts";
