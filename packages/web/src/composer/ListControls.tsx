import { ActionIcon, Group, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Move up, move down and delete buttons for an item of a list. */
export function ListControls({
  index,
  count,
  onMove,
  onRemove,
  canRemove = true,
  testId,
}: {
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  canRemove?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation("composer");
  return (
    <Group gap={2} wrap="nowrap">
      <Tooltip label={t("list.up")}>
        <ActionIcon
          variant="subtle"
          color="gray"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={t("list.up")}
          data-testid={testId ? `${testId}-up` : undefined}
        >
          ↑
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t("list.down")}>
        <ActionIcon
          variant="subtle"
          color="gray"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={t("list.down")}
          data-testid={testId ? `${testId}-down` : undefined}
        >
          ↓
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t("list.remove")}>
        <ActionIcon
          variant="subtle"
          color="red"
          disabled={!canRemove}
          onClick={onRemove}
          aria-label={t("list.remove")}
          data-testid={testId ? `${testId}-remove` : undefined}
        >
          ✕
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
