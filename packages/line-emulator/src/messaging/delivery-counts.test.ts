import { HTTPFetchError } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { arrangeChannel, type Running, sdkClient, startEmulator } from "../testing/harness.ts";

let running: Running;
afterEach(() => running.close());

const text = { type: "text" as const, text: "x" };

describe("delivery counts", () => {
  it("counts each route's recipients per Japan-time day, ready from the next day", async () => {
    // 23:00 on 25 November in Japan.
    let clock = Date.parse("2026-11-25T14:00:00Z");
    running = await startEmulator({ now: () => clock });
    const { channel, friends } = await arrangeChannel(running.control, { friends: 25 });
    const client = sdkClient(running.baseURL, channel);
    await client.multicast({ to: friends, messages: [text, text] });
    for (const userId of friends.slice(0, 3))
      await client.pushMessage({ to: userId, messages: [text] });
    await client.broadcast({ messages: [text] });

    expect(await client.getNumberOfSentMulticastMessages("20261125")).toEqual({
      status: "unready",
    });
    clock += 2 * 60 * 60 * 1000; // 01:00 on the 26th in Japan
    // After midnight UTC+9 the 25th is counted: 25 recipients, whatever the number of messages.
    expect(await client.getNumberOfSentMulticastMessages("20261125")).toEqual({
      status: "ready",
      success: 25,
    });
    expect(await client.getNumberOfSentBroadcastMessages("20261125")).toEqual({
      status: "ready",
      success: 25,
    });
    // Fewer than 20 are withheld.
    expect(await client.getNumberOfSentPushMessages("20261125")).toEqual({
      status: "unavailable_for_privacy",
    });
    expect(await client.getNumberOfSentReplyMessages("20261125")).toEqual({
      status: "unavailable_for_privacy",
    });
    expect(await client.getNumberOfSentPushMessages("20261126")).toEqual({ status: "unready" });
    expect(await client.getNumberOfSentPushMessages("20180330")).toEqual({
      status: "out_of_service",
    });
  });

  it("refuses a date that is not yyyyMMdd", async () => {
    running = await startEmulator();
    const { channel } = await arrangeChannel(running.control);
    const client = sdkClient(running.baseURL, channel);
    for (const date of ["2026-11-25", "20261332"]) {
      try {
        await client.getNumberOfSentPushMessages(date);
        throw new Error(`accepted ${date}`);
      } catch (error) {
        if (!(error instanceof HTTPFetchError)) throw error;
        expect(error.status).toBe(400);
        expect(JSON.parse(error.body).details).toEqual([
          { message: "Must be a date in the format yyyyMMdd", property: "date" },
        ]);
      }
    }
  });
});
