export * from "./auto-login.ts";
export * from "./form-tokens.ts";
export * from "./id-token.ts";
export * from "./intents.ts";
export * from "./matching.ts";
export * from "./pkce.ts";
export * from "./replies.ts";
export * from "./signed-token.ts";
