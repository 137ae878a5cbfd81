import { HTTPFetchError, insight, type messagingApi } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  arrangeChannel,
  type Running,
  receivedBy,
  sdkClient,
  startEmulator,
} from "../testing/harness.ts";

// LINE's 1,000 unit names a month per channel (REF#send-push-message `customAggregationUnits`,
// REF#get-number-of-units-used-this-month, REF#get-name-list-of-units-used-this-month).

let running: Running;
afterEach(() => running.close());

/** A clock the test moves: 2026-11-30 23:59 in Japan time to start with. */
function clock() {
  let at = Date.parse("2026-11-30T14:59:00Z");
  return { now: () => at, set: (iso: string) => (at = Date.parse(iso)) };
}

async function sendWithUnit(client: messagingApi.MessagingApiClient, to: string, unit: string) {
  await client.pushMessage({
    to,
    messages: [{ type: "text", text: `about ${unit}` }],
    customAggregationUnits: [unit],
  });
}

describe("aggregation units a month", () => {
  it("delivers a message naming a unit past the limit but does not count it under the unit", async () => {
    const time = clock();
    running = await startEmulator({ now: time.now });
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const limited = await running.control.patch(
      `/channels/${channel.channelId}/aggregation-units`,
      { limit: 2 },
    );
    expect(limited.body).toEqual({ limit: 2, used: 0 });
    const client = sdkClient(running.baseURL, channel);
    const friend = friends[0]!;
    await sendWithUnit(client, friend, "first");
    await sendWithUnit(client, friend, "second");
    await sendWithUnit(client, friend, "third");
    // A name already used this month is still counted under it.
    await sendWithUnit(client, friend, "first");

    const received = await receivedBy(running.control, channel.channelId, friend);
    expect(received.map((r) => r.message.text)).toEqual([
      "about first",
      "about second",
      "about third",
      "about first",
    ]);
    expect(await client.getAggregationUnitUsage()).toEqual({ numOfCustomAggregationUnits: 2 });
    expect(await client.getAggregationUnitNameList()).toEqual({
      customAggregationUnits: ["first", "second"],
    });

    await running.control.post(`/users/${friend}/read`);
    const stats = new insight.InsightClient({
      baseURL: running.baseURL,
      channelAccessToken: channel.channelAccessToken,
    });
    const first = await stats.getStatisticsPerUnit("first", "20261130", "20261130");
    const third = await stats.getStatisticsPerUnit("third", "20261130", "20261130");
    // Two requests counted under "first"; none under "third", which LINE never assigned.
    expect(first.messages.map((m) => m.seq)).toEqual([1]);
    expect(third.messages).toEqual([]);
  });

  it("starts each Japan-time month from zero", async () => {
    const time = clock();
    running = await startEmulator({ now: time.now });
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    await running.control.patch(`/channels/${channel.channelId}/aggregation-units`, { limit: 1 });
    const client = sdkClient(running.baseURL, channel);
    await sendWithUnit(client, friends[0]!, "november");
    await sendWithUnit(client, friends[0]!, "refused");
    expect(await client.getAggregationUnitUsage()).toEqual({ numOfCustomAggregationUnits: 1 });

    // 00:00 on 1 December in Japan: 15:00 UTC on 30 November.
    time.set("2026-11-30T15:00:00Z");
    expect(await client.getAggregationUnitUsage()).toEqual({ numOfCustomAggregationUnits: 0 });
    await sendWithUnit(client, friends[0]!, "december");
    expect(await client.getAggregationUnitNameList()).toEqual({
      customAggregationUnits: ["december"],
    });
    const view = await running.control.get(`/channels/${channel.channelId}/aggregation-units`);
    expect(view.body).toEqual({ limit: 1, used: 1 });
    const reset = await running.control.patch(`/channels/${channel.channelId}/aggregation-units`, {
      limit: null,
    });
    expect(reset.body).toEqual({ limit: 1000, used: 1 });
    const none = await running.control.patch(`/channels/${channel.channelId}/aggregation-units`, {
      limit: 0,
    });
    expect(none.body).toEqual({ limit: 0, used: 1 });
  });

  it("lists the month's names a page at a time, first used first", async () => {
    running = await startEmulator();
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const client = sdkClient(running.baseURL, channel);
    const names = Array.from({ length: 5 }, (_, i) => `unit_${i}`);
    for (const name of names) await sendWithUnit(client, friends[0]!, name);

    const first = await client.getAggregationUnitNameList("2");
    expect(first.customAggregationUnits).toEqual(["unit_0", "unit_1"]);
    const second = await client.getAggregationUnitNameList("2", first.next);
    expect(second.customAggregationUnits).toEqual(["unit_2", "unit_3"]);
    const last = await client.getAggregationUnitNameList("2", second.next);
    expect(last).toEqual({ customAggregationUnits: ["unit_4"] });

    const refused = await client
      .getAggregationUnitNameList("2", "not-a-token")
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HTTPFetchError);
    expect((refused as HTTPFetchError).status).toBe(400);
  });
});
