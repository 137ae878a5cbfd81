import type { MemberAttributeCreate } from "@kizuna/core/members";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiRequest } from "../api/client.ts";
import { useCsrfToken } from "../api/session.ts";
import type {
  CsvEncoding,
  ImportMapping,
  ImportPreview,
  Member,
  MemberAttributeDefinition,
  MemberImport,
  MemberPage,
  Rejection,
} from "./types.ts";

export const membersPageSize = 50;

export const memberKeys = {
  all: ["members"] as const,
  page: (q: string, cursor: string | null) => ["members", "page", q, cursor] as const,
  count: ["members", "count"] as const,
  member: (externalId: string) => ["members", "detail", externalId] as const,
  attributes: ["members", "attributes"] as const,
  imports: ["member-imports"] as const,
  import: (importId: string) => ["member-imports", importId] as const,
  preview: (importId: string, encoding: CsvEncoding | null, mapping: ImportMapping | null) =>
    ["member-imports", importId, "preview", encoding, mapping] as const,
  rejections: (importId: string) => ["member-imports", importId, "rejections"] as const,
};

export function useMembers(q: string, cursor: string | null) {
  const params = new URLSearchParams({ limit: String(membersPageSize) });
  if (q) params.set("q", q);
  if (cursor) params.set("cursor", cursor);
  return useQuery({
    queryKey: memberKeys.page(q, cursor),
    queryFn: ({ signal }) => apiRequest<MemberPage>(`/api/members?${params}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMemberCount() {
  return useQuery({
    queryKey: memberKeys.count,
    queryFn: ({ signal }) => apiRequest<{ members: number }>("/api/member-stats", { signal }),
    select: (result) => result.members,
  });
}

export function useMember(externalId: string) {
  return useQuery({
    queryKey: memberKeys.member(externalId),
    queryFn: ({ signal }) =>
      apiRequest<{ member: Member }>(`/api/members/${encodeURIComponent(externalId)}`, {
        signal,
      }),
    select: (result) => result.member,
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
}

export function useMemberAttributes() {
  return useQuery({
    queryKey: memberKeys.attributes,
    queryFn: ({ signal }) =>
      apiRequest<{ attributes: MemberAttributeDefinition[] }>("/api/member-attributes", {
        signal,
      }),
    select: (result) => result.attributes,
    staleTime: 60_000,
  });
}

export function useCreateMemberAttribute() {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attribute: MemberAttributeCreate) =>
      apiRequest<{ attribute: MemberAttributeDefinition }>("/api/member-attributes", {
        method: "POST",
        body: attribute,
        csrfToken,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.attributes }),
  });
}

export function useImports() {
  return useQuery({
    queryKey: memberKeys.imports,
    queryFn: ({ signal }) =>
      apiRequest<{ imports: MemberImport[] }>("/api/member-imports", { signal }),
    select: (result) => result.imports,
  });
}

const IN_FLIGHT = new Set(["queued", "running"]);

/** An import, polled every second while it is queued or running (progress). */
export function useImport(importId: string) {
  return useQuery({
    queryKey: memberKeys.import(importId),
    queryFn: ({ signal }) =>
      apiRequest<{ import: MemberImport }>(`/api/member-imports/${importId}`, { signal }),
    select: (result) => result.import,
    refetchInterval: (query) =>
      IN_FLIGHT.has(query.state.data?.import.status ?? "") ? 1_000 : false,
  });
}

export function usePreview(
  importId: string,
  encoding: CsvEncoding | null,
  mapping: ImportMapping | null,
  enabled: boolean,
) {
  const csrfToken = useCsrfToken();
  return useQuery({
    queryKey: memberKeys.preview(importId, encoding, mapping),
    queryFn: ({ signal }) =>
      apiRequest<ImportPreview>(`/api/member-imports/${importId}/preview`, {
        method: "POST",
        body: { ...(encoding ? { encoding } : {}), ...(mapping ? { mapping } : {}) },
        csrfToken,
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * Sends the file as multipart/form-data: the browser streams it from disk, and the server
 * streams it into the database, so a file of any size goes through.
 */
export function useUploadImport() {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, encoding }: { file: File; encoding: CsvEncoding | null }) => {
      const form = new FormData();
      form.append("file", file, file.name);
      const query = encoding ? `?encoding=${encoding}` : "";
      let response: Response;
      try {
        response = await fetch(`/api/member-imports${query}`, {
          method: "POST",
          headers: { "x-csrf-token": csrfToken, accept: "application/json" },
          credentials: "same-origin",
          body: form,
        });
      } catch (cause) {
        throw new ApiError(0, "network_error", String(cause));
      }
      const body = (await response.json().catch(() => null)) as
        | ImportPreview
        | { error: { code: string; message: string } }
        | null;
      if (!response.ok || body === null || "error" in body) {
        const error = body && "error" in body ? body.error : null;
        throw new ApiError(response.status, error?.code ?? "http_error", error?.message ?? "");
      }
      return body;
    },
    onSuccess: (preview) => {
      queryClient.setQueryData(memberKeys.import(preview.import.id), { import: preview.import });
      void queryClient.invalidateQueries({ queryKey: memberKeys.imports });
    },
  });
}

export function useStartImport(importId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (run: { encoding: CsvEncoding; mapping: ImportMapping; dryRun: boolean }) =>
      apiRequest<{ import: MemberImport }>(`/api/member-imports/${importId}/runs`, {
        method: "POST",
        body: run,
        csrfToken,
      }),
    onSuccess: (result) => {
      queryClient.setQueryData(memberKeys.import(importId), result);
      void queryClient.invalidateQueries({ queryKey: memberKeys.rejections(importId) });
      void queryClient.invalidateQueries({ queryKey: memberKeys.imports });
    },
  });
}

export function useRejections(importId: string, enabled: boolean) {
  return useQuery({
    queryKey: memberKeys.rejections(importId),
    queryFn: ({ signal }) =>
      apiRequest<{ rejections: Rejection[]; next: number | null }>(
        `/api/member-imports/${importId}/rejections?limit=50`,
        { signal },
      ),
    enabled,
  });
}

export function rejectionReportUrl(importId: string, language: "ja" | "en"): string {
  return `/api/member-imports/${importId}/rejections.csv?lang=${language}`;
}
