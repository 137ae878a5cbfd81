import { describe, expect, it } from "vitest";
import type { Channel } from "../api/types.ts";
import { pickChannel } from "./pickChannel.ts";

function channel(id: string): Channel {
  return {
    id,
    lineChannelId: `100${id}`,
    name: `Shop ${id}`,
    botUserId: null,
    basicId: null,
    pictureUrl: null,
    validFriends: 0,
    blockedFriends: 0,
  };
}

describe("pickChannel", () => {
  const channels = [channel("1"), channel("2")];

  it("opens the first channel by default", () => {
    expect(pickChannel(channels, null)?.id).toBe("1");
  });

  it("keeps the channel the user chose", () => {
    expect(pickChannel(channels, "2")?.id).toBe("2");
  });

  it("falls back to the first channel when the chosen one is gone", () => {
    expect(pickChannel(channels, "9")?.id).toBe("1");
  });

  it("has nothing to show without channels", () => {
    expect(pickChannel([], "1")).toBeNull();
  });
});
