import type {
  CustomFieldType,
  FieldValueInput,
  FriendFilter,
  TimelineKind,
} from "@kizuna/core/friends";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client.ts";
import { queryKeys } from "./keys.ts";
import { useCsrfToken } from "./session.ts";
import type { FriendStatus } from "./types.ts";

// Tags, custom fields (友だち情報), inflow routes and one friend's detail, as the admin API
// speaks them.

export interface Tag {
  id: string;
  name: string;
  color: string | null;
}

export interface TagWithCount extends Tag {
  friendCount: number;
}

export interface CustomField {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  choices: string[] | null;
  position: number;
}

export interface InflowRouteName {
  id: string;
  name: string;
  archivedAt: string | null;
}

/** A stored value as the API shows it: text, a number, a day, a choice or choices. */
export type FieldValueOutput = string | number | string[];

export interface FriendFieldValue {
  fieldId: string;
  key: string;
  label: string;
  type: CustomFieldType;
  value: FieldValueOutput;
  updatedAt: string;
}

export interface TimelineItem {
  id: string;
  kind: TimelineKind;
  actor: string;
  occurredAt: string;
  detail: Record<string, unknown>;
}

export interface FriendNote {
  id: string;
  body: string;
  staffEmail: string | null;
  createdAt: string;
}

export interface MemberSummary {
  id: string;
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  gender: "female" | "male" | "other" | "unknown" | null;
  prefecture: string | null;
  rank: string | null;
  points: number | null;
}

export interface FriendDetail {
  id: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  statusMessage: string | null;
  language: string | null;
  status: FriendStatus;
  followedAt: string;
  blockedAt: string | null;
  inflowRoute: { id: string; name: string } | null;
  member: MemberSummary | null;
  tags: { id: string; name: string; color: string | null }[];
  fields: FriendFieldValue[];
  notes: FriendNote[];
  followHistory: TimelineItem[];
}

const channelPath = (channelId: string) => `/api/channels/${encodeURIComponent(channelId)}`;

/** The channel's tags, to name and choose them; changes only when tags are edited. */
export function useTags(channelId: string) {
  return useQuery({
    queryKey: queryKeys.tags(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ tags: Tag[] }>(`${channelPath(channelId)}/tags`, { signal }),
    select: (result) => result.tags,
  });
}

/** The tags with how many friends carry each, for settings; refreshed as friends change. */
export function useTagsWithCounts(channelId: string) {
  return useQuery({
    queryKey: queryKeys.tagCounts(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ tags: TagWithCount[] }>(`${channelPath(channelId)}/tags?counts=true`, {
        signal,
      }),
    select: (result) => result.tags,
  });
}

export function useCustomFields(channelId: string) {
  return useQuery({
    queryKey: queryKeys.customFields(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ fields: CustomField[] }>(`${channelPath(channelId)}/custom-fields`, { signal }),
    select: (result) => result.fields,
  });
}

export function useInflowRoutes(channelId: string) {
  return useQuery({
    queryKey: queryKeys.inflowRoutes(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ routes: InflowRouteName[] }>(`${channelPath(channelId)}/inflow-routes`, {
        signal,
      }),
    select: (result) => result.routes,
  });
}

/**
 * A change to the channel's data about friends; every friends query (and the tag and field
 * lists, which settings change) is refreshed after it.
 */
function useFriendsMutation<Input, Output>(
  channelId: string,
  request: (input: Input, csrfToken: string) => Promise<Output>,
) {
  const queryClient = useQueryClient();
  const csrfToken = useCsrfToken();
  return useMutation({
    mutationFn: (input: Input) => request(input, csrfToken),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.friends(channelId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tags(channelId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customFields(channelId) }),
      ]),
  });
}

export function useSaveTag(channelId: string) {
  return useFriendsMutation(
    channelId,
    (input: { id?: string; name: string; color: string | null }, csrfToken) =>
      apiRequest<{ tag: Tag }>(
        input.id ? `${channelPath(channelId)}/tags/${input.id}` : `${channelPath(channelId)}/tags`,
        {
          method: input.id ? "PATCH" : "POST",
          body: { name: input.name, color: input.color },
          csrfToken,
        },
      ),
  );
}

export function useDeleteTag(channelId: string) {
  return useFriendsMutation(channelId, (tagId: string, csrfToken) =>
    apiRequest<void>(`${channelPath(channelId)}/tags/${tagId}`, { method: "DELETE", csrfToken }),
  );
}

export function useCreateCustomField(channelId: string) {
  return useFriendsMutation(
    channelId,
    (input: { key: string; label: string; type: CustomFieldType; choices?: string[] }, csrfToken) =>
      apiRequest<{ field: CustomField }>(`${channelPath(channelId)}/custom-fields`, {
        method: "POST",
        body: input,
        csrfToken,
      }),
  );
}

export function useUpdateCustomField(channelId: string) {
  return useFriendsMutation(
    channelId,
    (input: { id: string; label?: string; choices?: string[] }, csrfToken) =>
      apiRequest<{ field: CustomField }>(`${channelPath(channelId)}/custom-fields/${input.id}`, {
        method: "PATCH",
        body: { label: input.label, choices: input.choices },
        csrfToken,
      }),
  );
}

export function useDeleteCustomField(channelId: string) {
  return useFriendsMutation(channelId, (fieldId: string, csrfToken) =>
    apiRequest<void>(`${channelPath(channelId)}/custom-fields/${fieldId}`, {
      method: "DELETE",
      csrfToken,
    }),
  );
}

export function useFriendDetail(channelId: string, friendId: string) {
  return useQuery({
    queryKey: queryKeys.friend(channelId, friendId),
    queryFn: ({ signal }) =>
      apiRequest<{ friend: FriendDetail }>(`${channelPath(channelId)}/friends/${friendId}`, {
        signal,
      }),
    select: (result) => result.friend,
  });
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
}

/** A friend's timeline, newest first; `fetchNextPage` reads older entries. */
export function useFriendTimeline(channelId: string, friendId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.friendTimeline(channelId, friendId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<TimelinePage>(
        `${channelPath(channelId)}/friends/${friendId}/timeline?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
        { signal },
      ),
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useAddFriendTags(channelId: string, friendId: string) {
  return useFriendsMutation(channelId, (tagIds: string[], csrfToken) =>
    apiRequest<{ added: string[] }>(`${channelPath(channelId)}/friends/${friendId}/tags`, {
      method: "POST",
      body: { tagIds },
      csrfToken,
    }),
  );
}

export function useRemoveFriendTag(channelId: string, friendId: string) {
  return useFriendsMutation(channelId, (tagId: string, csrfToken) =>
    apiRequest<void>(`${channelPath(channelId)}/friends/${friendId}/tags/${tagId}`, {
      method: "DELETE",
      csrfToken,
    }),
  );
}

export function useSetFriendFields(channelId: string, friendId: string) {
  return useFriendsMutation(channelId, (values: Record<string, FieldValueInput>, csrfToken) =>
    apiRequest<{ changed: string[] }>(`${channelPath(channelId)}/friends/${friendId}/fields`, {
      method: "PUT",
      body: { values },
      csrfToken,
    }),
  );
}

export function useAddFriendNote(channelId: string, friendId: string) {
  return useFriendsMutation(channelId, (body: string, csrfToken) =>
    apiRequest<{ note: FriendNote }>(`${channelPath(channelId)}/friends/${friendId}/notes`, {
      method: "POST",
      body: { body },
      csrfToken,
    }),
  );
}

export type BulkOperation =
  | { kind: "add_tags"; tagIds: string[] }
  | { kind: "remove_tags"; tagIds: string[] }
  | { kind: "set_field"; fieldId: string; value: FieldValueInput };

export interface BulkSelection {
  filter: FriendFilter;
  friendIds?: string[];
}

export function useBulkEdit(channelId: string) {
  return useFriendsMutation(
    channelId,
    (input: { selection: BulkSelection; operation: BulkOperation }, csrfToken) =>
      apiRequest<{ changed: number }>(`${channelPath(channelId)}/friends/bulk`, {
        method: "POST",
        body: input,
        csrfToken,
      }),
  );
}
