export * from "./template-values.ts";
export * from "./test-recipients.ts";
