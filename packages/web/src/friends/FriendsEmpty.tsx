import { Button, EmptyState, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { FriendsIcon, SearchIcon } from "../app/icons.tsx";

/** What the marketer can do when the table has no rows. */
export function FriendsEmpty({
  filtered,
  onClearFilters,
}: {
  filtered: boolean;
  onClearFilters: () => void;
}) {
  const { t } = useTranslation();
  if (filtered) {
    return (
      <EmptyState
        py="xl"
        icon={<SearchIcon size={24} />}
        withIndicatorBackground
        title={t("friends.noMatchTitle")}
        description={t("friends.noMatchBody")}
        data-testid="friends-no-match"
      >
        <EmptyState.Actions>
          <Button variant="default" size="xs" onClick={onClearFilters}>
            {t("friends.clearFilters")}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  }
  return (
    <EmptyState
      py="xl"
      variant="light"
      icon={<FriendsIcon size={26} />}
      title={t("friends.emptyTitle")}
      description={t("friends.emptyBody")}
      maw={480}
      mx="auto"
      style={{ whiteSpace: "normal" }}
      data-testid="friends-empty"
    >
      <Text fz="xs" c="dimmed" ta="center">
        {t("friends.emptyDemo")}
      </Text>
    </EmptyState>
  );
}
