import { Progress } from "@mantine/core";
import { progressSections } from "./progress.ts";
import type { Campaign } from "./types.ts";

/** One bar: accepted in green (blue while sending), failed in red, skipped in grey. */
export function CampaignProgress({ campaign, size = "sm" }: { campaign: Campaign; size?: string }) {
  const sections = progressSections(campaign);
  const sending = campaign.status === "sending";
  return (
    <Progress.Root size={size}>
      <Progress.Section
        value={sections.accepted}
        color={sending ? "blue" : "line"}
        striped={sending}
        animated={sending}
      />
      <Progress.Section value={sections.failed} color="red" />
      <Progress.Section value={sections.skipped} color="gray.5" />
    </Progress.Root>
  );
}
