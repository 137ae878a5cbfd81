import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "./client.ts";
import { queryKeys } from "./keys.ts";
import { fallbackRefetchInterval } from "./polling.ts";
import type { ChannelList } from "./types.ts";

export function useChannels() {
  return useQuery({
    queryKey: queryKeys.channels,
    queryFn: ({ signal }) => apiRequest<ChannelList>("/api/channels", { signal }),
    select: (list) => list.channels,
    refetchInterval: fallbackRefetchInterval,
  });
}
