import type { FriendQuery } from "./types.ts";

// Query keys nest under the channel, so one channel's data can be invalidated together.
export const queryKeys = {
  session: ["session"] as const,
  channels: ["channels"] as const,
  friends: (channelId: string) => ["channels", channelId, "friends"] as const,
  friendPage: (channelId: string, query: FriendQuery) =>
    ["channels", channelId, "friends", "page", query] as const,
  // Everything about friends nests under `friends`, which the event stream refreshes.
  friendCount: (channelId: string, filter: string | null) =>
    ["channels", channelId, "friends", "count", filter] as const,
  friend: (channelId: string, friendId: string) =>
    ["channels", channelId, "friends", "detail", friendId] as const,
  friendTimeline: (channelId: string, friendId: string) =>
    ["channels", channelId, "friends", "timeline", friendId] as const,
  // Tags change only when edited, not with every follow: outside `friends`; their counts inside.
  tags: (channelId: string) => ["channels", channelId, "tags"] as const,
  tagCounts: (channelId: string) => ["channels", channelId, "friends", "tag-counts"] as const,
  customFields: (channelId: string) => ["channels", channelId, "custom-fields"] as const,
  inflowRoutes: (channelId: string) => ["channels", channelId, "inflow-routes"] as const,
};
