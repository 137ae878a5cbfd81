import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api/client.ts";
import { queryKeys } from "../api/keys.ts";
import { useCsrfToken } from "../api/session.ts";

export interface InflowRoute {
  id: string;
  name: string;
  code: string;
  url: string;
  createdAt: string;
  archivedAt: string | null;
  visits: number;
  friends: number;
}

export interface RouteStats {
  days: string[];
  routes: { routeId: string | null; visits: number[]; friends: number[] }[];
}

const keys = {
  all: (channelId: string) => ["inflow-routes", channelId] as const,
  list: (channelId: string, archived: boolean) =>
    ["inflow-routes", channelId, "list", archived] as const,
  stats: (channelId: string, days: number) => ["inflow-routes", channelId, "stats", days] as const,
};

export function useInflowRoutes(channelId: string, archived: boolean) {
  return useQuery({
    queryKey: keys.list(channelId, archived),
    queryFn: ({ signal }) =>
      apiRequest<{ routes: InflowRoute[] }>(
        `/api/channels/${channelId}/inflow-routes${archived ? "?archived=true" : ""}`,
        { signal },
      ),
    select: (result) => result.routes,
    refetchInterval: 30_000,
  });
}

export function useRouteStats(channelId: string, days: number) {
  return useQuery({
    queryKey: keys.stats(channelId, days),
    queryFn: ({ signal }) =>
      apiRequest<RouteStats>(`/api/channels/${channelId}/inflow-routes/stats?days=${days}`, {
        signal,
      }),
    refetchInterval: 30_000,
  });
}

export function useCreateRoute(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; code?: string }) =>
      apiRequest<{ route: InflowRoute }>(`/api/channels/${channelId}/inflow-routes`, {
        method: "POST",
        csrfToken,
        body: input,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.all(channelId) });
      // The friend list's route filter lists the routes too.
      await queryClient.invalidateQueries({ queryKey: queryKeys.inflowRoutes(channelId) });
    },
  });
}

export function useUpdateRoute(channelId: string) {
  const csrfToken = useCsrfToken();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; name?: string; archived?: boolean }) =>
      apiRequest<{ route: InflowRoute }>(`/api/channels/${channelId}/inflow-routes/${input.id}`, {
        method: "PATCH",
        csrfToken,
        body: { name: input.name, archived: input.archived },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.all(channelId) });
      // The friend list's route filter lists the routes too.
      await queryClient.invalidateQueries({ queryKey: queryKeys.inflowRoutes(channelId) });
    },
  });
}

/** The QR code of a route, served to the signed-in session. */
export function qrUrl(
  channelId: string,
  routeId: string,
  format: "png" | "svg",
  download = false,
): string {
  return `/api/channels/${channelId}/inflow-routes/${routeId}/qr.${format}${download ? "?download=1" : ""}`;
}
