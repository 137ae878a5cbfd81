import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api/client.ts";
import { fallbackRefetchInterval } from "../api/polling.ts";
import { useCsrfToken } from "../api/session.ts";
import type {
  Audience,
  Campaign,
  CampaignDetail,
  CampaignList,
  DeliverySettings,
  NewCampaign,
  PresendSummary,
} from "./types.ts";

// Everything about campaigns nests under this key, which the event stream refreshes.
export const campaignKeys = {
  all: (channelId: string) => ["channels", channelId, "campaigns"] as const,
  detail: (channelId: string, campaignId: string) =>
    ["channels", channelId, "campaigns", "detail", campaignId] as const,
  estimate: (channelId: string, audience: string) =>
    ["channels", channelId, "campaigns", "estimate", audience] as const,
  settings: (channelId: string) => ["channels", channelId, "campaigns", "settings"] as const,
};

function campaignsPath(channelId: string, rest = ""): string {
  return `/api/channels/${encodeURIComponent(channelId)}/campaigns${rest}`;
}

export function useCampaigns(channelId: string) {
  return useQuery({
    queryKey: campaignKeys.all(channelId),
    queryFn: ({ signal }) => apiRequest<CampaignList>(campaignsPath(channelId), { signal }),
    select: (list) => list.campaigns,
    refetchInterval: fallbackRefetchInterval,
  });
}

export function useCampaign(channelId: string, campaignId: string) {
  return useQuery({
    queryKey: campaignKeys.detail(channelId, campaignId),
    queryFn: ({ signal }) =>
      apiRequest<CampaignDetail>(campaignsPath(channelId, `/${encodeURIComponent(campaignId)}`), {
        signal,
      }),
    refetchInterval: fallbackRefetchInterval,
  });
}

/** The pre-send summary of an audience, asked afresh each time the confirmation opens. */
export function usePresendSummary(channelId: string, audience: Audience | null, enabled: boolean) {
  return useEstimate(channelId, audience, enabled, { staleTime: 0, gcTime: 0 });
}

/**
 * The audience's recipients counted as the marketer picks it: asked a moment after the picker
 * settles, the last count kept on screen while the next one runs.
 */
export function useAudienceCount(channelId: string, audience: Audience | null) {
  // Debounced as JSON: a new object of the same audience on each render is no change.
  const json = JSON.stringify(audience);
  const [settled] = useDebouncedValue(json, AUDIENCE_PAUSE_MS);
  const count = useEstimate(channelId, JSON.parse(settled) as Audience | null, true, {
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
  /** The count shown is the picked audience's, not the one before. */
  const current =
    settled === json && count.data !== undefined && !count.isPlaceholderData && !count.isFetching;
  return { count, current };
}

const AUDIENCE_PAUSE_MS = 400;

function useEstimate(
  channelId: string,
  audience: Audience | null,
  enabled: boolean,
  options: { staleTime: number; gcTime?: number; placeholderData?: typeof keepPreviousData },
) {
  const csrfToken = useCsrfToken();
  const body = JSON.stringify(audience);
  return useQuery({
    queryKey: campaignKeys.estimate(channelId, body),
    queryFn: ({ signal }) =>
      apiRequest<{ summary: PresendSummary }>(campaignsPath(channelId, "/estimate"), {
        method: "POST",
        body: { audience: JSON.parse(body) as Audience },
        csrfToken,
        signal,
      }),
    select: (data) => data.summary,
    enabled: enabled && audience !== null,
    ...options,
  });
}

export function useCreateCampaign(channelId: string) {
  const queryClient = useQueryClient();
  const csrfToken = useCsrfToken();
  return useMutation({
    mutationFn: (campaign: NewCampaign) =>
      apiRequest<{ campaign: Campaign }>(campaignsPath(channelId), {
        method: "POST",
        body: campaign,
        csrfToken,
      }),
    onSuccess: ({ campaign }) => {
      // Show the accepted campaign at once; the stream then reports its progress.
      queryClient.setQueryData<CampaignList>(campaignKeys.all(channelId), (list) => ({
        campaigns: [campaign, ...(list?.campaigns ?? []).filter((c) => c.id !== campaign.id)],
      }));
      void queryClient.invalidateQueries({ queryKey: campaignKeys.all(channelId) });
    },
  });
}

export function useCancelCampaign(channelId: string) {
  const queryClient = useQueryClient();
  const csrfToken = useCsrfToken();
  return useMutation({
    mutationFn: (campaignId: string) =>
      apiRequest<{ campaign: Campaign }>(
        campaignsPath(channelId, `/${encodeURIComponent(campaignId)}/cancel`),
        { method: "POST", csrfToken },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.all(channelId) }),
  });
}

function settingsPath(channelId: string): string {
  return `/api/channels/${encodeURIComponent(channelId)}/delivery-settings`;
}

export function useDeliverySettings(channelId: string) {
  return useQuery({
    queryKey: campaignKeys.settings(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ settings: DeliverySettings }>(settingsPath(channelId), { signal }),
    select: (data) => data.settings,
  });
}

export function useSaveDeliverySettings(channelId: string) {
  const queryClient = useQueryClient();
  const csrfToken = useCsrfToken();
  return useMutation({
    mutationFn: (settings: DeliverySettings) =>
      apiRequest<{ settings: DeliverySettings }>(settingsPath(channelId), {
        method: "PUT",
        body: settings,
        csrfToken,
      }),
    onSuccess: ({ settings }) => {
      queryClient.setQueryData(campaignKeys.settings(channelId), { settings });
      void queryClient.invalidateQueries({ queryKey: campaignKeys.all(channelId) });
    },
  });
}
