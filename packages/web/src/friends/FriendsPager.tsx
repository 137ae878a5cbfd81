import { Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type CursorStack, hasPreviousPage, pageNumber } from "./cursorStack.ts";

export function FriendsPager({
  stack,
  canGoNext,
  onPrevious,
  onNext,
}: {
  stack: CursorStack;
  canGoNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation("friends");
  return (
    <Group gap="xs">
      <Text fz="sm" c="dimmed" mr="xs" data-testid="friends-page">
        {t("page", { page: pageNumber(stack) })}
      </Text>
      <Button
        variant="default"
        size="compact-md"
        disabled={!hasPreviousPage(stack)}
        onClick={onPrevious}
        data-testid="friends-previous"
      >
        {t("previous")}
      </Button>
      <Button
        variant="default"
        size="compact-md"
        disabled={!canGoNext}
        onClick={onNext}
        data-testid="friends-next"
      >
        {t("next")}
      </Button>
    </Group>
  );
}
