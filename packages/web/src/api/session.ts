import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "./client.ts";
import { queryKeys } from "./keys.ts";
import type { AuthenticatedSession, Credentials, Session } from "./types.ts";

export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: ({ signal }) => apiRequest<Session>("/api/session", { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The signed-in session; only for components rendered behind the session gate. */
export function useAuthenticatedSession(): AuthenticatedSession {
  const { data } = useSession();
  if (data?.state !== "authenticated") {
    throw new Error("useAuthenticatedSession used outside an authenticated session");
  }
  return data;
}

export function useCsrfToken(): string {
  return useAuthenticatedSession().csrfToken;
}

// Setup and sign-in happen before there is a session, hence before there is a CSRF token.
export function useSetup() {
  return useSignIn("/api/setup");
}

export function useLogin() {
  return useSignIn("/api/login");
}

function useSignIn(path: "/api/setup" | "/api/login") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) =>
      apiRequest<AuthenticatedSession>(path, { method: "POST", body: credentials }),
    onSuccess: (session) => {
      queryClient.setQueryData<Session>(queryKeys.session, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const csrfToken = useCsrfToken();
  return useMutation({
    mutationFn: () => apiRequest<void>("/api/logout", { method: "POST", csrfToken }),
    onSuccess: () => {
      queryClient.setQueryData<Session>(queryKeys.session, { state: "anonymous" });
    },
    onSettled: () => {
      // Drop every cached answer of the old session before anyone else signs in here.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "session" });
      void queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}
