import { describe, expect, it } from "vitest";
import { contractProblems, type Exchange, exercisedOperations } from "./recording.ts";

const exchange = (overrides: Partial<Exchange>): Exchange => ({
  method: "GET",
  url: "/v2/bot/message/quota",
  query: {},
  headers: {},
  requestBody: undefined,
  status: 200,
  responseBody: { type: "none" },
  ...overrides,
});

describe("contractProblems", () => {
  it("passes an exchange that matches the spec", () => {
    expect(contractProblems(exchange({}))).toEqual([]);
  });

  it("names what breaks the contract: response, request body, parameters, unknown routes", () => {
    expect(contractProblems(exchange({ responseBody: { type: "capped" } }))).toEqual([
      "GET /v2/bot/message/quota → 200 (getMessageQuota): response /type must be equal to one of the allowed values",
    ]);
    expect(
      contractProblems(
        exchange({
          method: "POST",
          url: "/v2/bot/message/push",
          requestBody: { messages: [] },
          headers: { "x-line-retry-key": "not-a-uuid" },
          responseBody: { sentMessages: [{ id: "1" }] },
        }),
      ),
    ).toEqual([
      "POST /v2/bot/message/push → 200 (pushMessage): request (root) must have required property 'to'",
      "POST /v2/bot/message/push → 200 (pushMessage): request /messages must NOT have fewer than 1 items",
      'POST /v2/bot/message/push → 200 (pushMessage): parameter X-Line-Retry-Key: (root) must match format "uuid"',
    ]);
    expect(
      contractProblems(exchange({ url: "/v2/bot/message/progress/narrowcast", responseBody: {} })),
    ).toContain(
      "GET /v2/bot/message/progress/narrowcast → 200 (getNarrowcastProgress): parameter query parameter requestId is missing",
    );
    expect(contractProblems(exchange({ url: "/v2/bot/nothing" }))).toEqual([
      "GET /v2/bot/nothing → 200: no operation in messaging-api.yml",
    ]);
  });

  it("looks through several documents and reads path parameters", () => {
    const summary = exchange({
      url: "/v2/bot/insight/richmenu/richmenu-1/summary?from=20260101&to=20260131",
      query: { from: "20260101", to: "20260131" },
      responseBody: { richMenuId: "richmenu-1" },
    });
    expect(contractProblems(summary, ["messaging-api.yml", "insight.yml"])).toEqual([]);
    expect([...exercisedOperations([summary], ["messaging-api.yml", "insight.yml"])]).toEqual([
      "getRichMenuInsightSummary",
    ]);
  });
});
