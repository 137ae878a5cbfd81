export * from "./delivery/index.ts";
export * from "./friends/index.ts";
export * from "./linking/index.ts";
export { TEXT_MAX_LENGTH, type TextMessage, textMessageSchema } from "./messages/text-message.ts";
export { hashPassword, verifyPassword } from "./security/password.ts";
export { createSecretBox, type SecretBox } from "./security/secret-box.ts";
export { newToken, tokenHash } from "./security/tokens.ts";
export { can, type Permission, type StaffRole } from "./staff/permissions.ts";
export * from "./templates/index.ts";
