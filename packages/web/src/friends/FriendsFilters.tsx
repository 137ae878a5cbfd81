import { Group, SegmentedControl, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { SearchIcon } from "../app/icons.tsx";
import type { StatusFilter } from "./statusFilter.ts";

export function FriendsFilters({
  search,
  onSearchChange,
  filter,
  onFilterChange,
}: {
  search: string;
  onSearchChange: (search: string) => void;
  filter: StatusFilter;
  onFilterChange: (filter: StatusFilter) => void;
}) {
  const { t } = useTranslation("friends");
  return (
    <Group gap="sm" align="center">
      <TextInput
        flex="1 1 220px"
        type="search"
        aria-label={t("searchLabel")}
        placeholder={t("searchLabel")}
        leftSection={<SearchIcon size={16} />}
        value={search}
        onChange={(event) => onSearchChange(event.currentTarget.value)}
        data-testid="friends-search"
      />
      <SegmentedControl<StatusFilter>
        aria-label={t("filterLabel")}
        value={filter}
        onChange={onFilterChange}
        data={[
          { value: "all", label: t("filter.all") },
          { value: "following", label: t("filter.following") },
          { value: "blocked", label: t("filter.blocked") },
        ]}
        data-testid="friends-status-filter"
      />
    </Group>
  );
}
