import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  findOperation,
  SPEC_DIR,
  SPEC_FILES,
  validateParameters,
  validateRequest,
  validateResponse,
  validateSchema,
} from "./openapi.ts";

describe("the specs shipped with the package", () => {
  // openapi/SHA256SUMS was taken from LINE's files (github.com/line/line-openapi at 6e4c2a2, as
  // in the project's shared/line-openapi) when they were copied: the copies must stay unedited.
  it("are byte-for-byte LINE's", () => {
    const sums = readFileSync(`${SPEC_DIR}SHA256SUMS`, "utf8").trim().split("\n");
    const expected = new Map(sums.map((line) => line.split(/\s+/).reverse() as [string, string]));
    for (const file of [...SPEC_FILES, "LICENSE"]) {
      const actual = createHash("sha256")
        .update(readFileSync(`${SPEC_DIR}${file}`))
        .digest("hex");
      expect(actual, file).toBe(expected.get(file));
    }
  });
});

describe("discriminators", () => {
  const push = (messages: unknown[]) =>
    validateRequest("messaging-api.yml", "pushMessage", { to: "U", messages });

  it("validate a message against the subtype its type names", () => {
    expect(push([{ type: "text", text: "hi" }])).toEqual({ ok: true });
    expect(push([{ type: "sticker", packageId: "1" }])).toEqual({
      ok: false,
      errors: ["/messages/0 must have required property 'stickerId'"],
    });
  });

  it("refuse a type the mapping does not name", () => {
    const result = push([{ type: "txt", text: "hi" }]);
    expect(result.ok ? [] : result.errors).toEqual([
      "/messages/0/type must be equal to one of the allowed values",
    ]);
  });

  it("follow nested polymorphism (template → action) and pin a directly referenced subtype's tag", () => {
    const result = push([
      {
        type: "template",
        altText: "a",
        template: {
          type: "buttons",
          text: "t",
          actions: [{ type: "postback", data: "x".repeat(301) }],
        },
      },
      { type: "flex", altText: "a", contents: { type: "carousel", contents: [{ type: "box" }] } },
    ]);
    expect(result.ok ? [] : result.errors).toEqual([
      "/messages/0/template/actions/0/data must NOT have more than 300 characters",
      "/messages/1/contents/contents/0/type must be equal to one of the allowed values",
    ]);
  });

  it("work for webhook.yml events", () => {
    const body = {
      destination: `U${"0".repeat(32)}`,
      events: [
        {
          type: "unfollow",
          mode: "active",
          timestamp: 1,
          source: { type: "user", userId: `U${"1".repeat(32)}` },
          webhookEventId: "01J",
          deliveryContext: { isRedelivery: false },
        },
      ],
    };
    expect(validateSchema("webhook.yml", "CallbackRequest", body)).toEqual({ ok: true });
    expect(
      validateSchema("webhook.yml", "CallbackRequest", {
        ...body,
        events: [{ ...body.events[0], source: { type: "planet" } }],
      }).ok,
    ).toBe(false);
  });
});

describe("validateResponse", () => {
  it("checks a declared status against its schema", () => {
    expect(
      validateResponse("messaging-api.yml", "getMessageQuota", 200, { type: "limited", value: 5 }),
    ).toEqual({
      ok: true,
    });
    expect(
      validateResponse("messaging-api.yml", "getMessageQuota", 200, { type: "capped" }).ok,
    ).toBe(false);
  });

  it("checks undeclared error statuses against ErrorResponse", () => {
    expect(
      validateResponse("messaging-api.yml", "getProfile", 429, { message: "slow down" }),
    ).toEqual({
      ok: true,
    });
    expect(validateResponse("messaging-api.yml", "getProfile", 429, { error: "x" }).ok).toBe(false);
  });

  it("refuses an undeclared success status", () => {
    expect(validateResponse("messaging-api.yml", "getProfile", 202, {})).toEqual({
      ok: false,
      errors: ["getProfile does not declare status 202"],
    });
  });

  it("accepts any body for a declared status without a schema", () => {
    expect(validateResponse("messaging-api.yml", "validatePush", 200, {})).toEqual({ ok: true });
  });

  it("reads nullable as a null type (insight.yml)", () => {
    const nulls = {
      overview: {
        requestId: "r",
        timestamp: 1,
        delivered: 0,
        uniqueImpression: null,
        uniqueClick: null,
        uniqueMediaPlayed: null,
        uniqueMediaPlayed100Percent: null,
      },
      messages: [],
      clicks: [],
    };
    expect(validateResponse("insight.yml", "getMessageEvent", 200, nulls)).toEqual({ ok: true });
  });
});

describe("operations", () => {
  it("finds the operation behind a concrete request", () => {
    expect(
      findOperation("messaging-api.yml", "GET", `/v2/bot/profile/U${"a".repeat(32)}?x=1`)
        ?.operationId,
    ).toBe("getProfile");
    expect(
      findOperation("messaging-api.yml", "POST", "/v2/bot/message/narrowcast")?.operationId,
    ).toBe("narrowcast");
    expect(findOperation("messaging-api.yml", "GET", "/nope")).toBeUndefined();
  });

  it("checks parameters, coercing query strings and reading headers case-insensitively", () => {
    expect(
      validateParameters("messaging-api.yml", "pushMessage", {
        headers: { "X-Line-Retry-Key": "123e4567-e89b-12d3-a456-426614174000" },
      }),
    ).toEqual({ ok: true });
    expect(
      validateParameters("messaging-api.yml", "pushMessage", {
        headers: { "x-line-retry-key": "nope" },
      }).ok,
    ).toBe(false);
    expect(validateParameters("messaging-api.yml", "getNarrowcastProgress", { query: {} })).toEqual(
      {
        ok: false,
        errors: ["query parameter requestId is missing"],
      },
    );
  });
});
