import { describe, expect, it } from "vitest";
import { clickCodeVerifier, isClickState, readClickState, signClickState } from "./click-state.ts";

const key = Buffer.alloc(32, 7);

describe("the state of a tracking link's LINE Login", () => {
  it("carries the link's code back (an old one too, marked expired), and is refused when altered or signed by another key", () => {
    const now = new Date("2026-11-26T00:00:00Z");
    const { state, nonce } = signClickState(key, "AbC123xyz789", now);
    expect(isClickState(state)).toBe(true);
    expect(state.length).toBeLessThanOrEqual(200);
    expect(readClickState(key, state, now)).toEqual({
      code: "AbC123xyz789",
      nonce,
      expired: false,
    });
    expect(nonce.length).toBeGreaterThanOrEqual(32);
    expect(readClickState(key, `${state}x`, now)).toBeNull();
    expect(readClickState(Buffer.alloc(32, 8), state, now)).toBeNull();
    expect(readClickState(key, state, new Date(now.getTime() + 11 * 60_000))).toEqual({
      code: "AbC123xyz789",
      nonce,
      expired: true,
    });
    expect(readClickState(key, "randomStoredState", now)).toBeNull();
  });

  it("derives a PKCE verifier RFC 7636 accepts, the same each time for one state", () => {
    const { state } = signClickState(key, "code");
    const verifier = clickCodeVerifier(key, state);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(clickCodeVerifier(key, state)).toBe(verifier);
    expect(clickCodeVerifier(key, signClickState(key, "code").state)).not.toBe(verifier);
  });
});
