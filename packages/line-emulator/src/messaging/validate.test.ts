import { describe, expect, it } from "vitest";
import {
  validateMulticastRequest,
  validatePushRequest,
  validateReplyRequest,
  validateWebhookEndpointRequest,
} from "./validate.ts";

const USER = `U${"a".repeat(32)}`;
const text = (value: string) => ({ type: "text", text: value });

describe("validatePushRequest", () => {
  it("accepts a push of one to five messages", () => {
    const result = validatePushRequest({ to: USER, messages: [text("hi")] });
    expect(result).toEqual({
      ok: true,
      value: { to: USER, messages: [text("hi")], notificationDisabled: false },
    });
  });

  it("lists every problem with its property path", () => {
    const result = validatePushRequest({
      to: USER,
      messages: [{ type: "txt" }, { type: "text" }, { type: "sticker", packageId: "1" }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(400);
    expect(result.error.body.message).toBe("The request body has 3 error(s)");
    expect(result.error.body.details).toEqual([
      {
        message: expect.stringMatching(/^Must be one of the following values: \[text, /),
        property: "messages[0].type",
      },
      { message: "May not be empty", property: "messages[1].text" },
      { message: "May not be empty", property: "messages[2].stickerId" },
    ]);
  });

  it("refuses zero or more than five messages", () => {
    for (const count of [0, 6]) {
      const result = validatePushRequest({ to: USER, messages: Array(count).fill(text("x")) });
      expect(result.ok ? undefined : result.error.body.details).toEqual([
        { message: "Size must be between 1 and 5", property: "messages" },
      ]);
    }
  });

  it("counts text length in UTF-16 code units, so 2,500 apples are 5,000 and fit", () => {
    expect(validatePushRequest({ to: USER, messages: [text("🍎".repeat(2500))] }).ok).toBe(true);
    const result = validatePushRequest({ to: USER, messages: [text(`${"🍎".repeat(2500)}a`)] });
    expect(result.ok ? undefined : result.error.body.details).toEqual([
      { message: "Length must be between 0 and 5000", property: "messages[0].text" },
    ]);
  });

  it("requires `to` and `messages`", () => {
    const result = validatePushRequest({});
    expect(result.ok ? undefined : result.error.body.details).toEqual([
      { message: "May not be empty", property: "to" },
      { message: "May not be empty", property: "messages" },
    ]);
  });

  it("answers a malformed receiver ID the way LINE does", () => {
    const result = validatePushRequest({ to: "someone", messages: [text("hi")] });
    expect(result.ok ? undefined : result.error.body).toEqual({
      message: "The property, 'to', in the request body is invalid (line: -, column: -)",
    });
  });

  it("rejects properties of the wrong JSON type without going further", () => {
    const result = validatePushRequest({ to: USER, messages: "hello" });
    expect(result.ok ? undefined : result.error.body.message).toBe(
      "The property, 'messages', in the request body is invalid (line: -, column: -)",
    );
  });

  it("reads notificationDisabled", () => {
    const result = validatePushRequest({
      to: USER,
      messages: [text("hi")],
      notificationDisabled: true,
    });
    expect(result.ok && result.value.notificationDisabled).toBe(true);
  });
});

describe("validateMulticastRequest", () => {
  it("allows 500 recipients and refuses 501", () => {
    const to = (n: number) => Array.from({ length: n }, () => USER);
    expect(validateMulticastRequest({ to: to(500), messages: [text("x")] }).ok).toBe(true);
    const result = validateMulticastRequest({ to: to(501), messages: [text("x")] });
    expect(result.ok ? undefined : result.error.body.details).toEqual([
      { message: "Size must be between 1 and 500", property: "to" },
    ]);
  });

  it("points at each malformed user ID", () => {
    const result = validateMulticastRequest({
      to: [USER, "Cabc", `U${"A".repeat(32)}`],
      messages: [text("x")],
    });
    expect(result.ok ? undefined : result.error.body.details?.map((d) => d.property)).toEqual([
      "to[1]",
      "to[2]",
    ]);
  });
});

describe("validateReplyRequest", () => {
  it("requires a reply token", () => {
    const result = validateReplyRequest({ messages: [text("x")] });
    expect(result.ok ? undefined : result.error.body.details).toEqual([
      { message: "May not be empty", property: "replyToken" },
    ]);
  });
});

describe("validateWebhookEndpointRequest", () => {
  it("accepts http and https URLs, so a bot on localhost works", () => {
    expect(validateWebhookEndpointRequest({ endpoint: "http://127.0.0.1:3000/line" })).toEqual({
      ok: true,
      value: "http://127.0.0.1:3000/line",
    });
  });

  it("refuses something that is not a URL", () => {
    const result = validateWebhookEndpointRequest({ endpoint: "not a url" });
    expect(result.ok ? undefined : result.error.body.details).toEqual([
      { message: "Must be a valid URL", property: "endpoint" },
    ]);
  });
});
