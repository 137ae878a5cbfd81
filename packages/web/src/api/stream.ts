import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { campaignKeys } from "../campaigns/api.ts";
import { queryKeys } from "./keys.ts";

/**
 * Listens to the channel's Server-Sent Events and refetches what changed: `friends` when a
 * friend follows, blocks or changes, `campaigns` when a campaign is queued or makes progress.
 */
export function useChannelStream(channelId: string): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    const refreshFriends = () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.friends(channelId) });
      // The channel list carries the valid and blocked friend counts.
      void queryClient.invalidateQueries({ queryKey: queryKeys.channels, exact: true });
    };
    const refreshCampaigns = () => {
      void queryClient.invalidateQueries({ queryKey: campaignKeys.all(channelId) });
    };

    const source = new EventSource(`/api/channels/${encodeURIComponent(channelId)}/stream`);
    let opened = false;
    source.addEventListener("friends", refreshFriends);
    source.addEventListener("campaigns", refreshCampaigns);
    // EventSource reconnects by itself; events sent while it was away are lost, so catch up.
    source.addEventListener("open", () => {
      if (opened) {
        refreshFriends();
        refreshCampaigns();
      }
      opened = true;
    });
    return () => source.close();
  }, [channelId, queryClient]);
}
