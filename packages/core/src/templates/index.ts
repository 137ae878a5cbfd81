export * from "./messages.ts";
export * from "./template.ts";
