import { createHash, randomBytes } from "node:crypto";
import { API_KEY_PREFIX } from "./scopes.ts";

/** Characters of a key kept in clear to tell keys apart in lists (`kz_3fA9xQ1b`). */
const SHOWN_CHARACTERS = 8;

export interface NewApiKey {
  /** Shown once, to the person who created it. */
  key: string;
  /** What is stored: the key's SHA-256. */
  hash: string;
  prefix: string;
}

/** A fresh key: `kz_` and 256 random bits. */
export function newApiKey(): NewApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return {
    key,
    hash: apiKeyHash(key),
    prefix: key.slice(0, API_KEY_PREFIX.length + SHOWN_CHARACTERS),
  };
}

/** SHA-256 is enough: the key is random and long, so there is nothing to brute-force. */
export function apiKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
