import { describe, expect, it } from "vitest";
import { ApiError } from "./client.ts";
import { errorMessageKey } from "./errors.ts";

describe("errorMessageKey", () => {
  it("tells a wrong password apart from an expired session", () => {
    expect(errorMessageKey(new ApiError(401, "invalid_credentials", "bad"))).toBe(
      "errors.invalidCredentials",
    );
    expect(errorMessageKey(new ApiError(401, "unauthenticated", "no session"))).toBe(
      "errors.sessionExpired",
    );
  });

  it("reports a conflict with another change", () => {
    expect(errorMessageKey(new ApiError(409, "owner_exists", "exists"))).toBe("errors.conflict");
  });

  it("asks to try again when the CSRF token was stale", () => {
    expect(errorMessageKey(new ApiError(403, "csrf_token_invalid", "x"))).toBe("errors.csrf");
    expect(errorMessageKey(new ApiError(403, "forbidden", "x"))).toBe("errors.forbidden");
  });

  it("reports an unreachable server as a network problem", () => {
    expect(errorMessageKey(new ApiError(0, "network_error", "Failed to fetch"))).toBe(
      "errors.network",
    );
  });

  it("maps validation, rate limits and server failures", () => {
    expect(errorMessageKey(new ApiError(400, "invalid_body", "x"))).toBe("errors.invalidInput");
    expect(errorMessageKey(new ApiError(429, "rate_limited", "x"))).toBe("errors.rateLimited");
    expect(errorMessageKey(new ApiError(503, "http_error", "x"))).toBe("errors.server");
  });

  it("falls back to a generic message for anything else", () => {
    expect(errorMessageKey(new Error("boom"))).toBe("errors.unknown");
    expect(errorMessageKey(new ApiError(418, "teapot", "x"))).toBe("errors.unknown");
  });
});
