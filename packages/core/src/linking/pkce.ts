import { createHash, randomBytes } from "node:crypto";

/**
 * PKCE (RFC 7636) for LINE Login: a random verifier kept server-side in login_states and
 * its S256 challenge sent with the authorization request, so a stolen code is useless.
 * https://developers.line.biz/en/docs/line-login/integrate-pkce/
 */
export function newCodeVerifier(): string {
  // 32 random bytes → 43 base64url characters, the shortest length RFC 7636 allows.
  return randomBytes(32).toString("base64url");
}

export function codeChallengeS256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** An unpredictable value of 128+ bits for OAuth `state`, OIDC `nonce` and account-link nonces. */
export function newNonce(): string {
  return randomBytes(24).toString("base64url");
}
