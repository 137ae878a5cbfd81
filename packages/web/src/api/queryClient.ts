import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client.ts";
import { queryKeys } from "./keys.ts";

export function createQueryClient(): QueryClient {
  // A 401 from any call but sign-in itself means the session ended (expired, signed out in
  // another tab): re-read the session so the sign-in screen takes over. A refused CSRF token
  // means this page holds an old one: re-reading the session fetches the current token.
  const onError = (error: Error) => {
    if (isSessionLost(error) || isStaleCsrfToken(error)) {
      void client.invalidateQueries({ queryKey: queryKeys.session });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        retry: (failureCount, error) => isWorthRetrying(error) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

function isSessionLost(error: Error): boolean {
  return error instanceof ApiError && error.status === 401 && error.code !== "invalid_credentials";
}

function isStaleCsrfToken(error: Error): boolean {
  return error instanceof ApiError && error.code === "csrf_token_invalid";
}

function isWorthRetrying(error: Error): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500;
}
