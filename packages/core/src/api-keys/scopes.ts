/**
 * What a public API key may do. `linking:write`: account-link nonces, LINE Login sessions
 * and auto-login links. Browser-safe: the admin UI lists them.
 */
export const API_KEY_SCOPES = ["members:read", "members:write", "linking:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Every key starts so, which lets secret scanners and people recognize one. */
export const API_KEY_PREFIX = "kz_";
