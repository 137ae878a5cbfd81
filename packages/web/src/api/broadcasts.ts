import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client.ts";
import { queryKeys } from "./keys.ts";
import { fallbackRefetchInterval } from "./polling.ts";
import { useCsrfToken } from "./session.ts";
import type { BroadcastCreated, BroadcastList } from "./types.ts";

function broadcastsPath(channelId: string): string {
  return `/api/channels/${encodeURIComponent(channelId)}/broadcasts`;
}

export function useBroadcasts(channelId: string) {
  return useQuery({
    queryKey: queryKeys.broadcasts(channelId),
    queryFn: ({ signal }) => apiRequest<BroadcastList>(broadcastsPath(channelId), { signal }),
    select: (list) => list.broadcasts,
    refetchInterval: fallbackRefetchInterval,
  });
}

export function useSendBroadcast(channelId: string) {
  const queryClient = useQueryClient();
  const csrfToken = useCsrfToken();
  return useMutation({
    mutationFn: (text: string) =>
      apiRequest<BroadcastCreated>(broadcastsPath(channelId), {
        method: "POST",
        body: { text },
        csrfToken,
      }),
    onSuccess: ({ broadcast }) => {
      // Show the accepted broadcast at once; the stream then reports its progress.
      queryClient.setQueryData<BroadcastList>(queryKeys.broadcasts(channelId), (list) => ({
        broadcasts: [broadcast, ...(list?.broadcasts ?? []).filter((b) => b.id !== broadcast.id)],
      }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.broadcasts(channelId) });
    },
  });
}
