import type { Message, PlacedProblem } from "@kizuna/core/messages";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api/client.ts";
import { useCsrfToken } from "../api/session.ts";
import type { FriendPage } from "../api/types.ts";

// The composer's server calls: checks and personalised previews follow the messages as the
// marketer types (debounced), test recipients and test sends are explicit.

const TYPING_PAUSE_MS = 300;

const base = (channelId: string) => `/api/channels/${encodeURIComponent(channelId)}/messages`;
const keys = {
  all: (channelId: string) => ["channels", channelId, "messages"] as const,
  review: (channelId: string, messages: string) =>
    ["channels", channelId, "messages", "review", messages] as const,
  preview: (channelId: string, messages: string, friendId: string | null) =>
    ["channels", channelId, "messages", "preview", messages, friendId] as const,
  testRecipients: (channelId: string) =>
    ["channels", channelId, "messages", "test-recipients"] as const,
  friendSearch: (channelId: string, q: string) =>
    ["channels", channelId, "friends", "search", q] as const,
};

export interface Review {
  valid: boolean;
  problems: PlacedProblem[];
}

/** LINE's rules and personalisation checked on the server, a moment after typing stops. */
export function useReview(channelId: string, messages: readonly Message[]) {
  const csrfToken = useCsrfToken();
  const [json] = useDebouncedValue(JSON.stringify(messages), TYPING_PAUSE_MS);
  return useQuery({
    queryKey: keys.review(channelId, json),
    queryFn: ({ signal }) =>
      apiRequest<Review>(`${base(channelId)}/validate`, {
        method: "POST",
        body: { messages: JSON.parse(json) as unknown },
        csrfToken,
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface Preview {
  messages: unknown[];
  friend: { friendId: string; displayName: string | null } | null;
  /** A friend whose values leave a text empty or too long gets no message. */
  problem: { code: "empty_text" | "text_too_long"; messageIndex: number } | null;
}

/** The messages as the chosen friend would receive them; idle while no friend is chosen. */
export function usePreview(
  channelId: string,
  messages: readonly Message[],
  friendId: string | null,
) {
  const csrfToken = useCsrfToken();
  const [json] = useDebouncedValue(JSON.stringify(messages), TYPING_PAUSE_MS);
  return useQuery({
    queryKey: keys.preview(channelId, json, friendId),
    queryFn: ({ signal }) =>
      apiRequest<Preview>(`${base(channelId)}/preview`, {
        method: "POST",
        body: { messages: JSON.parse(json) as unknown, friendId: friendId ?? undefined },
        csrfToken,
        signal,
      }),
    enabled: friendId !== null && messages.length > 0,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface TestRecipient {
  friendId: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  following: boolean;
  addedAt: string;
}

export function useTestRecipients(channelId: string) {
  return useQuery({
    queryKey: keys.testRecipients(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ testRecipients: TestRecipient[] }>(`${base(channelId)}/test-recipients`, {
        signal,
      }),
    select: (result) => result.testRecipients,
  });
}

/** Marks (true) or unmarks (false) a friend as a test recipient. */
export function useMarkTestRecipient(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ friendId, marked }: { friendId: string; marked: boolean }) =>
      apiRequest<void>(`${base(channelId)}/test-recipients/${encodeURIComponent(friendId)}`, {
        method: marked ? "PUT" : "DELETE",
        csrfToken,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.testRecipients(channelId) }),
  });
}

export type TestSendOutcome =
  | { friendId: string; ok: true; requestId: string | null }
  | {
      friendId: string;
      ok: false;
      reason: "not_following" | "empty_text" | "text_too_long" | "line_rejected";
      message?: string;
    };

export function useTestSend(channelId: string) {
  const csrfToken = useCsrfToken();
  return useMutation({
    mutationFn: (input: { messages: readonly Message[]; friendIds: string[] }) =>
      apiRequest<{ outcomes: TestSendOutcome[] }>(`${base(channelId)}/test-send`, {
        method: "POST",
        body: input,
        csrfToken,
      }),
  });
}

/** Friends whose name matches, for "preview as" and for choosing test recipients. */
export function useFriendSearch(channelId: string, search: string) {
  const [q] = useDebouncedValue(search.trim(), TYPING_PAUSE_MS);
  return useQuery({
    queryKey: keys.friendSearch(channelId, q),
    queryFn: ({ signal }) =>
      apiRequest<FriendPage>(
        `/api/channels/${encodeURIComponent(channelId)}/friends?${new URLSearchParams({ ...(q ? { q } : {}), limit: "10" })}`,
        { signal },
      ),
    select: (page) => page.friends,
    placeholderData: keepPreviousData,
  });
}
