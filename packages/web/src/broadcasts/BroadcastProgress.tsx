import { Progress } from "@mantine/core";
import type { Broadcast } from "../api/types.ts";
import { progressSections } from "./progress.ts";

/** One bar: sent in green (blue while sending), failed in red, skipped in grey. */
export function BroadcastProgress({ broadcast }: { broadcast: Broadcast }) {
  const sections = progressSections(broadcast);
  const sending = broadcast.status === "sending";
  return (
    <Progress.Root size="sm">
      <Progress.Section
        value={sections.sent}
        color={sending ? "blue" : "line"}
        striped={sending}
        animated={sending}
      />
      <Progress.Section value={sections.failed} color="red" />
      <Progress.Section value={sections.skipped} color="gray.5" />
    </Progress.Root>
  );
}
