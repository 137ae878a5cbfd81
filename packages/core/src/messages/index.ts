export * from "./fields.ts";
export * from "./message.ts";
