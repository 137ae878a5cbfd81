import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api/client.ts";
import { queryKeys } from "../api/keys.ts";
import { useCsrfToken } from "../api/session.ts";

export type SecondFactor = "birthday" | "phone" | "email";
export type LinkMethod = "account_link" | "line_login" | "form_match" | "manual" | "api";

export interface LinkRatePoint {
  day: string;
  validFriends: number;
  linkedFriends: number;
  rate: number;
}

export interface LinkRate {
  current: { validFriends: number; linkedFriends: number; rate: number };
  days: LinkRatePoint[];
}

export interface FriendLink {
  member: { id: string; externalId: string; name: string | null } | null;
  history: {
    action: "linked" | "unlinked";
    method: LinkMethod;
    actor: string;
    externalId: string;
    occurredAt: string;
  }[];
}

export interface LinkingSettings {
  matchSecondFactor: SecondFactor;
  accountLinkUrl: string | null;
  secondFactors: SecondFactor[];
  hostedSignIn: { url: string; verifyConfigured: boolean };
  loginChannel: {
    loginChannelId: string | null;
    configured: boolean;
    loginBaseUrl: string | null;
    callbackUrl: string;
  };
}

const keys = {
  rate: (channelId: string, days: number) => ["linking", channelId, "rate", days] as const,
  friend: (channelId: string, friendId: string) =>
    ["linking", channelId, "friend", friendId] as const,
  settings: (channelId: string) => ["linking", channelId, "settings"] as const,
};

export function useLinkRate(channelId: string, days = 30) {
  return useQuery({
    queryKey: keys.rate(channelId, days),
    queryFn: ({ signal }) =>
      apiRequest<LinkRate>(`/api/channels/${channelId}/link-rate?days=${days}`, { signal }),
    refetchInterval: 60_000,
  });
}

export function useFriendLink(channelId: string, friendId: string) {
  return useQuery({
    queryKey: keys.friend(channelId, friendId),
    queryFn: ({ signal }) =>
      apiRequest<FriendLink>(`/api/channels/${channelId}/friends/${friendId}/link`, { signal }),
  });
}

function useFriendLinkMutation(channelId: string, friendId: string, method: "PUT" | "DELETE") {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (externalId?: string) =>
      apiRequest<FriendLink>(`/api/channels/${channelId}/friends/${friendId}/link`, {
        method,
        csrfToken,
        ...(method === "PUT" ? { body: { externalId } } : {}),
      }),
    onSuccess: (link) => {
      queryClient.setQueryData(keys.friend(channelId, friendId), link);
      void queryClient.invalidateQueries({ queryKey: ["linking", channelId, "rate"] });
      // The friend's detail, timeline and the friend list show the link too.
      void queryClient.invalidateQueries({ queryKey: queryKeys.friends(channelId) });
    },
  });
}

export const useLinkFriend = (channelId: string, friendId: string) =>
  useFriendLinkMutation(channelId, friendId, "PUT");
export const useUnlinkFriend = (channelId: string, friendId: string) =>
  useFriendLinkMutation(channelId, friendId, "DELETE");

export function useLinkingSettings(channelId: string) {
  return useQuery({
    queryKey: keys.settings(channelId),
    queryFn: ({ signal }) =>
      apiRequest<LinkingSettings>(`/api/channels/${channelId}/linking-settings`, { signal }),
  });
}

export function useSaveLinkingSettings(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: { matchSecondFactor: SecondFactor; accountLinkUrl: string | null }) =>
      apiRequest(`/api/channels/${channelId}/linking-settings`, {
        method: "PUT",
        csrfToken,
        body: settings,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.settings(channelId) }),
  });
}

export function useSaveLoginChannel(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (login: {
      loginChannelId: string;
      loginChannelSecret: string;
      loginBaseUrl: string | null;
    }) =>
      apiRequest<void>(`/api/channels/${channelId}/login-channel`, {
        method: "PUT",
        csrfToken,
        body: login,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.settings(channelId) }),
  });
}
