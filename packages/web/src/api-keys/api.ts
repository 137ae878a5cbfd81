import type { ApiKeyScope } from "@kizuna/core/api-keys/scopes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api/client.ts";
import { useCsrfToken } from "../api/session.ts";

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const apiKeysKey = ["api-keys"] as const;

export function useApiKeys() {
  return useQuery({
    queryKey: apiKeysKey,
    queryFn: ({ signal }) => apiRequest<{ apiKeys: ApiKey[] }>("/api/api-keys", { signal }),
    select: (result) => result.apiKeys,
  });
}

export function useCreateApiKey() {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: ApiKeyScope[] }) =>
      apiRequest<{ apiKey: ApiKey; key: string }>("/api/api-keys", {
        method: "POST",
        body: input,
        csrfToken,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeApiKey() {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>(`/api/api-keys/${id}`, { method: "DELETE", csrfToken }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
