import type { SegmentDefinition } from "@kizuna/core/segments";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiRequest } from "../api/client.ts";
import { useCsrfToken } from "../api/session.ts";
import type { FriendStatus } from "../api/types.ts";

// Segments and uploaded lists of a channel, as the admin API speaks them.

export interface SavedSegment {
  id: string;
  name: string;
  description: string | null;
  definition: SegmentDefinition | null;
  lastCount: number | null;
  lastCountMs: number | null;
  lastCountedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SampleFriend {
  id: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  status: FriendStatus;
  followedAt: string;
  memberId: string | null;
}

export interface Preview {
  count: number;
  tookMs: number;
  countedAt: string;
  sample: SampleFriend[];
}

export interface SegmentProblem {
  path: string;
  code: string;
  message: string;
}

export interface AudienceList {
  id: string;
  name: string;
  idKind: "external_id" | "line_user_id";
  fileName: string | null;
  entries: number;
  matchedFriends: number;
  rejectedRows: number;
  /** The first refused rows (the server keeps 20), in file order. */
  rejections: {
    line: number;
    value: string;
    reason: "invalid_line_user_id" | "invalid_external_id" | "malformed_csv";
  }[];
  createdAt: string;
}

export const segmentKeys = {
  all: (channelId: string) => ["channels", channelId, "segments"] as const,
  detail: (channelId: string, segmentId: string) =>
    ["channels", channelId, "segments", "detail", segmentId] as const,
  preview: (channelId: string, definition: string, segmentId: string | null) =>
    ["channels", channelId, "segments", "preview", definition, segmentId] as const,
  lists: (channelId: string) => ["channels", channelId, "segments", "lists"] as const,
  richMenus: (channelId: string) => ["channels", channelId, "segments", "rich-menus"] as const,
};

const path = (channelId: string, rest = "") =>
  `/api/channels/${encodeURIComponent(channelId)}${rest}`;

export function useSegments(channelId: string) {
  return useQuery({
    queryKey: segmentKeys.all(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ segments: SavedSegment[] }>(path(channelId, "/segments"), { signal }),
    select: (result) => result.segments,
  });
}

export function useSegment(channelId: string, segmentId: string | null) {
  return useQuery({
    queryKey: segmentKeys.detail(channelId, segmentId ?? ""),
    queryFn: ({ signal }) =>
      apiRequest<{ segment: SavedSegment }>(path(channelId, `/segments/${segmentId}`), { signal }),
    select: (result) => result.segment,
    enabled: segmentId !== null,
  });
}

/**
 * The live count of a definition being edited, with a few of its friends. POST with a body,
 * but a query: the same definition is not counted twice, and the last count stays on screen
 * while the next one runs.
 */
export function useSegmentPreview(
  channelId: string,
  definition: SegmentDefinition,
  segmentId: string | null,
) {
  const csrfToken = useCsrfToken();
  const body = JSON.stringify(definition);
  return useQuery({
    queryKey: segmentKeys.preview(channelId, body, segmentId),
    queryFn: ({ signal }) =>
      apiRequest<Preview>(path(channelId, "/segments/preview"), {
        method: "POST",
        csrfToken,
        signal,
        body: { definition, ...(segmentId ? { segmentId } : {}), sample: 8 },
      }),
    placeholderData: keepPreviousData,
    retry: (count, error) => !(error instanceof ApiError && error.status === 400) && count < 2,
    staleTime: 10_000,
  });
}

export function useSaveSegment(channelId: string, segmentId: string | null) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (segment: {
      name: string;
      description: string | null;
      definition: SegmentDefinition;
    }) =>
      apiRequest<{ segment: SavedSegment }>(
        path(channelId, segmentId ? `/segments/${segmentId}` : "/segments"),
        { method: segmentId ? "PUT" : "POST", csrfToken, body: segment },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all(channelId) }),
  });
}

export function useDeleteSegment(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (segmentId: string) =>
      apiRequest<void>(path(channelId, `/segments/${segmentId}`), { method: "DELETE", csrfToken }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all(channelId) }),
  });
}

export function useRecountSegment(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (segmentId: string) =>
      apiRequest<{ count: number; tookMs: number }>(
        path(channelId, `/segments/${segmentId}/count`),
        { method: "POST", csrfToken },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all(channelId) }),
  });
}

export function useAudienceLists(channelId: string) {
  return useQuery({
    queryKey: segmentKeys.lists(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ lists: AudienceList[] }>(path(channelId, "/audience-lists"), { signal }),
    select: (result) => result.lists,
  });
}

/** A rich menu of the channel as LINE has it, with the area names its taps are recorded under. */
export interface RichMenuOption {
  richMenuId: string;
  name: string;
  chatBarText: string;
  areas: string[];
}

/** The channel's rich menus, read from LINE: kept a minute, not retried when LINE fails. */
export function useRichMenus(channelId: string) {
  return useQuery({
    queryKey: segmentKeys.richMenus(channelId),
    queryFn: ({ signal }) =>
      apiRequest<{ richMenus: RichMenuOption[] }>(path(channelId, "/rich-menus"), { signal }),
    select: (result) => result.richMenus,
    staleTime: 60_000,
    retry: false,
  });
}

/** Sends the CSV as multipart/form-data, fields first: the server streams the file in. */
export function useUploadList(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (upload: { name: string; idKind: AudienceList["idKind"]; file: File }) => {
      const form = new FormData();
      form.append("name", upload.name);
      form.append("idKind", upload.idKind);
      form.append("file", upload.file, upload.file.name);
      let response: Response;
      try {
        response = await fetch(path(channelId, "/audience-lists"), {
          method: "POST",
          headers: { "x-csrf-token": csrfToken, accept: "application/json" },
          credentials: "same-origin",
          body: form,
        });
      } catch (cause) {
        throw new ApiError(0, "network_error", String(cause));
      }
      const body = (await response.json().catch(() => null)) as
        | { list: AudienceList }
        | { error: { code: string; message: string } }
        | null;
      if (!response.ok || body === null || "error" in body) {
        const error = body && "error" in body ? body.error : null;
        throw new ApiError(response.status, error?.code ?? "http_error", error?.message ?? "");
      }
      return body.list;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.lists(channelId) }),
  });
}

export function useDeleteList(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (listId: string) =>
      apiRequest<void>(path(channelId, `/audience-lists/${listId}`), {
        method: "DELETE",
        csrfToken,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.lists(channelId) }),
  });
}

/** The problems of a 400 `invalid_segment`, each with the path of its node. */
export function segmentProblems(error: unknown): SegmentProblem[] {
  if (!(error instanceof ApiError) || error.code !== "invalid_segment") return [];
  return Array.isArray(error.details) ? (error.details as SegmentProblem[]) : [];
}
