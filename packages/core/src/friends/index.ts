export * from "./custom-fields.ts";
export * from "./friend-filter.ts";
export * from "./timeline.ts";
