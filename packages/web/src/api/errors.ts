import { ApiError } from "./client.ts";

export type ErrorMessageKey =
  | "errors.invalidCredentials"
  | "errors.conflict"
  | "errors.sessionExpired"
  | "errors.csrf"
  | "errors.forbidden"
  | "errors.invalidInput"
  | "errors.rateLimited"
  | "errors.network"
  | "errors.server"
  | "errors.unknown";

/** Which translated sentence tells a marketer what went wrong with a request. */
export function errorMessageKey(error: unknown): ErrorMessageKey {
  if (!(error instanceof ApiError)) return "errors.unknown";
  if (error.code === "invalid_credentials") return "errors.invalidCredentials";
  if (error.status === 0) return "errors.network";
  if (error.status === 401) return "errors.sessionExpired";
  if (error.code === "csrf_token_invalid") return "errors.csrf";
  if (error.status === 403) return "errors.forbidden";
  if (error.status === 409) return "errors.conflict";
  if (error.status === 400 || error.status === 422) return "errors.invalidInput";
  if (error.status === 429) return "errors.rateLimited";
  if (error.status >= 500) return "errors.server";
  return "errors.unknown";
}
