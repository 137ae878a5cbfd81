import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { FriendStatus } from "../api/types.ts";

const colors: Record<FriendStatus, string> = { following: "line", blocked: "gray" };

export function FriendStatusBadge({ status }: { status: FriendStatus }) {
  const { t } = useTranslation("friends");
  return (
    <Badge variant="light" color={colors[status]} data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}
