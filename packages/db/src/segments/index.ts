export * from "./catalog.ts";
export * from "./compile.ts";
export * from "./query.ts";
