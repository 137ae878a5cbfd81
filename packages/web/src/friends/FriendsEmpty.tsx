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
  const { t } = useTranslation("friends");
  if (filtered) {
    return (
      <EmptyState
        py="xl"
        icon={<SearchIcon size={24} />}
        withIndicatorBackground
        title={t("noMatchTitle")}
        description={t("noMatchBody")}
        data-testid="friends-no-match"
      >
        <EmptyState.Actions>
          <Button variant="default" size="xs" onClick={onClearFilters}>
            {t("clearFilters")}
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
      title={t("emptyTitle")}
      description={t("emptyBody")}
      maw={480}
      mx="auto"
      style={{ whiteSpace: "normal" }}
      data-testid="friends-empty"
    >
      <Text fz="xs" c="dimmed" ta="center">
        {t("emptyDemo")}
      </Text>
    </EmptyState>
  );
}
