// Browser-safe: the admin UI's segment builder imports this through `@kizuna/core/segments`.
export * from "./behaviour.ts";
export * from "./check.ts";
export * from "./decimal.ts";
export * from "./definition.ts";
export * from "./evaluate.ts";
export * from "./events.ts";
export * from "./from-friend-filter.ts";
export * from "./id-list.ts";
export * from "./time.ts";
export * from "./value-types.ts";
