import { validateSignature } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { signWebhookBody } from "./sign.ts";

describe("signWebhookBody", () => {
  it("produces a signature the official SDK accepts, over the exact bytes", () => {
    const secret = "0123456789abcdef0123456789abcdef";
    const body = JSON.stringify({ destination: "U0", events: [{ text: "こんにちは 🍎" }] });
    const signature = signWebhookBody(secret, body);
    expect(validateSignature(body, secret, signature)).toBe(true);
    expect(validateSignature(Buffer.from(body), secret, signature)).toBe(true);
    expect(validateSignature(`${body} `, secret, signature)).toBe(false);
    expect(validateSignature(body, "f".repeat(32), signature)).toBe(false);
  });
});
