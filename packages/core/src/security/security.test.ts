import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.ts";
import { createSecretBox } from "./secret-box.ts";

describe("passwords", () => {
  it("verify the right password and refuse a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery!", stored)).toBe(false);
  });

  it("salt each hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });
});

describe("secret box", () => {
  const box = createSecretBox(randomBytes(32));

  it("round-trips a secret without keeping it readable", () => {
    const sealed = box.seal("channel-secret-日本語");
    expect(sealed).not.toContain("channel-secret");
    expect(box.open(sealed)).toBe("channel-secret-日本語");
  });

  it("refuses a tampered envelope and a different key", () => {
    const sealed = box.seal("token");
    const [version, iv, tag, body = ""] = sealed.split(".");
    const flipped = Buffer.from(body, "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tampered = [version, iv, tag, flipped.toString("base64url")].join(".");
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
  });
});
