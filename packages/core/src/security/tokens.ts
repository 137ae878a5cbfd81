import { createHash, randomBytes } from "node:crypto";

/** An unguessable token for cookies and CSRF (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored for a token: its SHA-256, so a leaked table grants no session. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
