import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client.ts";
import { queryKeys } from "./keys.ts";
import { fallbackRefetchInterval } from "./polling.ts";
import type { FriendPage, FriendQuery } from "./types.ts";

export const friendsPageSize = 50;

/** The query string of a friends page; empty filters are left out. */
export function friendsSearchParams(query: FriendQuery): string {
  const params = new URLSearchParams();
  const q = query.q.trim();
  if (q) params.set("q", q);
  if (query.status) params.set("status", query.status);
  if (query.cursor) params.set("cursor", query.cursor);
  params.set("limit", String(query.limit));
  return params.toString();
}

export function useFriends(channelId: string, query: FriendQuery) {
  return useQuery({
    queryKey: queryKeys.friendPage(channelId, query),
    queryFn: ({ signal }) =>
      apiRequest<FriendPage>(
        `/api/channels/${encodeURIComponent(channelId)}/friends?${friendsSearchParams(query)}`,
        { signal },
      ),
    // Keep the current page on screen while the next page or a new search loads.
    placeholderData: keepPreviousData,
    refetchInterval: fallbackRefetchInterval,
  });
}
