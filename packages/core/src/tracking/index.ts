export * from "./campaign.ts";
export * from "./click-state.ts";
export * from "./links.ts";
