export * from "./api-key.ts";
export * from "./scopes.ts";
