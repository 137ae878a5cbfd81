import type { FriendFilter } from "@kizuna/core/friends";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client.ts";
import { queryKeys } from "./keys.ts";
import { fallbackRefetchInterval } from "./polling.ts";
import type { FriendPage, FriendQuery } from "./types.ts";

export const friendsPageSize = 50;

/**
 * A filter as the API reads it (`?filter=<JSON>`): empty parts are left out, and a filter
 * without parts is no parameter at all.
 */
export function filterParam(filter: FriendFilter): string | null {
  const search = filter.search?.trim();
  const compact: FriendFilter = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(search ? { search } : {}),
    ...(filter.tags?.length ? { tags: filter.tags } : {}),
    ...(filter.fields?.length ? { fields: filter.fields } : {}),
    ...(filter.link ? { link: filter.link } : {}),
    ...(filter.routes?.length ? { routes: filter.routes } : {}),
  };
  return Object.keys(compact).length === 0 ? null : JSON.stringify(compact);
}

/** The query string of a friends page; empty filters are left out. */
export function friendsSearchParams(query: FriendQuery): string {
  const params = new URLSearchParams();
  const filter = filterParam(query.filter);
  if (filter) params.set("filter", filter);
  if (query.cursor) params.set("cursor", query.cursor);
  params.set("limit", String(query.limit));
  return params.toString();
}

/** How many friends match a filter: the "all N" of a bulk edit. */
export function useFriendCount(channelId: string, filter: FriendFilter) {
  const param = filterParam(filter);
  return useQuery({
    queryKey: queryKeys.friendCount(channelId, param),
    queryFn: ({ signal }) =>
      apiRequest<{ count: number }>(
        `/api/channels/${encodeURIComponent(channelId)}/friends/count${param ? `?filter=${encodeURIComponent(param)}` : ""}`,
        { signal },
      ),
    select: (result) => result.count,
    placeholderData: keepPreviousData,
  });
}

/** The CSV download of the friends matching a filter (a plain link: the browser streams it). */
export function friendsExportUrl(channelId: string, filter: FriendFilter, language: "ja" | "en") {
  const params = new URLSearchParams({ lang: language });
  const param = filterParam(filter);
  if (param) params.set("filter", param);
  return `/api/channels/${encodeURIComponent(channelId)}/friends/export.csv?${params}`;
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
