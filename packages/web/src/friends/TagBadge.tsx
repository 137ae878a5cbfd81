import { Badge, type BadgeProps } from "@mantine/core";
import type { ReactNode } from "react";

/** A tag as friends carry it: its colour when it has one, LINE green otherwise. */
export function TagBadge({
  tag,
  rightSection,
  size = "sm",
}: {
  tag: { name: string; color: string | null };
  rightSection?: ReactNode;
  size?: BadgeProps["size"];
}) {
  return (
    <Badge
      variant="light"
      size={size}
      color={tag.color ?? "line"}
      radius="sm"
      rightSection={rightSection}
      style={{ textTransform: "none" }}
      data-testid="tag-badge"
    >
      {tag.name}
    </Badge>
  );
}
