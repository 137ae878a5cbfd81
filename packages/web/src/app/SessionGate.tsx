import { useSession } from "../api/session.ts";
import { LoginScreen } from "../auth/LoginScreen.tsx";
import { SetupScreen } from "../auth/SetupScreen.tsx";
import { FullPageLoader } from "./FullPageLoader.tsx";
import { MainShell } from "./MainShell.tsx";
import { ServerUnavailable } from "./ServerUnavailable.tsx";

/** The view switch: what the session's state says this visitor may see; pages render inside. */
export function SessionGate() {
  const session = useSession();
  // Keep showing the last known session through a failed refetch; only a first load can fail here.
  if (!session.data) {
    return session.isError ? (
      <ServerUnavailable onRetry={() => void session.refetch()} />
    ) : (
      <FullPageLoader />
    );
  }
  const state = session.data.state;
  switch (state) {
    case "setup":
      return <SetupScreen />;
    case "anonymous":
      return <LoginScreen />;
    case "authenticated":
      return <MainShell />;
    default: {
      const unknown: never = state;
      throw new Error(`Unknown session state ${String(unknown)}`);
    }
  }
}
