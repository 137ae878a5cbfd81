import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CampaignStatus } from "./types.ts";

function statusColor(status: CampaignStatus): string {
  switch (status) {
    case "scheduled":
      return "violet";
    case "queued":
      return "gray";
    case "sending":
      return "blue";
    case "done":
      return "line";
    case "failed":
      return "red";
    case "cancelled":
      return "gray";
    default: {
      const unknown: never = status;
      return String(unknown);
    }
  }
}

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation("campaigns");
  return (
    <Badge variant="light" color={statusColor(status)} data-testid="campaign-status">
      {t(`status.${status}`)}
    </Badge>
  );
}
