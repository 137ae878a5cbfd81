/**
 * What a public API key may do. `linking:write`: account-link nonces, LINE Login sessions
 * and auto-login links. `events:write`: events from the company's systems (purchases, visits …)
 * for segments. Browser-safe: the admin UI lists them.
 */
export const API_KEY_SCOPES = [
  "members:read",
  "members:write",
  "linking:write",
  "events:write",
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Every key starts so, which lets secret scanners and people recognize one. */
export const API_KEY_PREFIX = "kz_";
