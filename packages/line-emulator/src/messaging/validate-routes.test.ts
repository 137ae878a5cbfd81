import { HTTPFetchError } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { arrangeChannel, type Running, sdkClient, startEmulator } from "../testing/harness.ts";

let running: Running;
beforeEach(async () => {
  running = await startEmulator();
});
afterEach(() => running.close());

const KINDS = ["Reply", "Push", "Multicast", "Narrowcast", "Broadcast"] as const;

describe("validate/*", () => {
  it("answers 200 {} for messages that could be sent, and sends nothing", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const client = sdkClient(running.baseURL, channel);
    const messages = [
      { type: "text" as const, text: "Hello" },
      {
        type: "template" as const,
        altText: "Pick",
        template: {
          type: "confirm" as const,
          text: "Sure?",
          actions: [
            { type: "message" as const, label: "Yes", text: "yes" },
            { type: "message" as const, label: "No", text: "no" },
          ],
        },
      },
    ];
    for (const kind of KINDS) {
      const { httpResponse, body } = await client[`validate${kind}WithHttpInfo`]({ messages });
      expect([kind, httpResponse.status, body]).toEqual([kind, 200, {}]);
    }
    const { body } = await running.control.get<{ total: number }>(
      `/channels/${channel.channelId}/received?userId=${friends[0]}`,
    );
    expect(body.total).toBe(0);
  });

  it("answers what the sending endpoint would, with LINE's details", async () => {
    const { channel } = await arrangeChannel(running.control);
    const client = sdkClient(running.baseURL, channel);
    for (const kind of KINDS) {
      try {
        await client[`validate${kind}`]({ messages: [{ type: "text", text: "x".repeat(5001) }] });
        throw new Error(`validate${kind} accepted 5,001 characters`);
      } catch (error) {
        if (!(error instanceof HTTPFetchError)) throw error;
        expect([kind, error.status, JSON.parse(error.body)]).toEqual([
          kind,
          400,
          {
            message: "The request body has 1 error(s)",
            details: [
              { message: "Length must be between 0 and 5000", property: "messages[0].text" },
            ],
          },
        ]);
      }
    }
  });

  it("checks only `messages`", async () => {
    const { channel } = await arrangeChannel(running.control);
    const response = await fetch(`${running.baseURL}/v2/bot/message/validate/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${channel.channelAccessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ messages: [{ type: "text", text: "hi" }], to: "not checked" }),
    });
    expect(response.status).toBe(200);
  });
});
