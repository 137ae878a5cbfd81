export * from "./catalog.ts";
export * from "./compile.ts";
export * from "./lists.ts";
export * from "./query.ts";
export * from "./segments.ts";
