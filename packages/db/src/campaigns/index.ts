export * from "./audience.ts";
export * from "./campaigns.ts";
export * from "./claims.ts";
export * from "./lease.ts";
export * from "./settings.ts";
export * from "./settle.ts";
export * from "./snapshot.ts";
export * from "./tally.ts";
