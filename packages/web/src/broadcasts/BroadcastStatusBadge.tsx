import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { BroadcastStatus } from "../api/types.ts";

function broadcastStatusColor(status: BroadcastStatus): string {
  switch (status) {
    case "queued":
      return "gray";
    case "sending":
      return "blue";
    case "done":
      return "line";
    case "failed":
      return "red";
    default: {
      const unknown: never = status;
      return String(unknown);
    }
  }
}

export function BroadcastStatusBadge({ status }: { status: BroadcastStatus }) {
  const { t } = useTranslation("broadcasts");
  return (
    <Badge variant="light" color={broadcastStatusColor(status)}>
      {t(`status.${status}`)}
    </Badge>
  );
}
