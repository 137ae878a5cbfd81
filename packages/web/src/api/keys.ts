import type { FriendQuery } from "./types.ts";

// Query keys nest under the channel, so one channel's data can be invalidated together.
export const queryKeys = {
  session: ["session"] as const,
  channels: ["channels"] as const,
  friends: (channelId: string) => ["channels", channelId, "friends"] as const,
  friendPage: (channelId: string, query: FriendQuery) =>
    ["channels", channelId, "friends", query] as const,
  broadcasts: (channelId: string) => ["channels", channelId, "broadcasts"] as const,
};
