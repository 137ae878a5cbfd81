import { Alert, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { friendsPageSize, useFriends } from "../api/friends.ts";
import { FriendsIcon } from "../app/icons.tsx";
import {
  type CursorStack,
  firstPage,
  hasPreviousPage,
  nextPage,
  previousPage,
} from "./cursorStack.ts";
import { FriendsFilters } from "./FriendsFilters.tsx";
import { FriendsPager } from "./FriendsPager.tsx";
import { FriendsTable } from "./FriendsTable.tsx";
import { type StatusFilter, statusOf } from "./statusFilter.ts";

export function FriendsPanel({ channelId }: { channelId: string }) {
  const { t } = useTranslation("friends");
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [filter, setFilter] = useState<StatusFilter>("all");

  // Paging belongs to the search it was made for: a new search or filter starts on page 1
  // without an effect resetting state after the fact.
  const q = debouncedSearch.trim();
  const filterKey = `${filter}\n${q}`;
  const [paging, setPaging] = useState<{ filterKey: string; stack: CursorStack }>({
    filterKey,
    stack: firstPage,
  });
  const stack = paging.filterKey === filterKey ? paging.stack : firstPage;

  const friends = useFriends(channelId, {
    q,
    status: statusOf(filter),
    cursor: stack.cursor,
    limit: friendsPageSize,
  });
  const page = friends.data;
  const nextCursor = friends.isPlaceholderData ? null : (page?.nextCursor ?? null);
  const filtered = q !== "" || filter !== "all";

  return (
    <Card padding={0}>
      <Stack gap="md" p="lg" pb="md">
        <Group gap="xs">
          <FriendsIcon />
          <Title order={3} fz="h4">
            {t("title")}
          </Title>
        </Group>
        <FriendsFilters
          search={search}
          onSearchChange={setSearch}
          filter={filter}
          onFilterChange={setFilter}
        />
      </Stack>
      {friends.isError && !page ? (
        <Alert color="red" variant="light" m="lg" mt={0} title={t("loadFailed")}>
          {t(errorMessageKey(friends.error))}
        </Alert>
      ) : (
        <FriendsTable
          friends={page?.friends}
          loading={friends.isPlaceholderData}
          filtered={filtered}
          onClearFilters={() => {
            setSearch("");
            setFilter("all");
          }}
        />
      )}
      <Group justify="flex-end" p="md">
        {friends.isError && page && (
          <Text fz="xs" c="red" mr="auto">
            {t(errorMessageKey(friends.error))}
          </Text>
        )}
        {(hasPreviousPage(stack) || nextCursor !== null) && (
          <FriendsPager
            stack={stack}
            canGoNext={nextCursor !== null}
            onPrevious={() => setPaging({ filterKey, stack: previousPage(stack) })}
            onNext={() =>
              nextCursor && setPaging({ filterKey, stack: nextPage(stack, nextCursor) })
            }
          />
        )}
      </Group>
    </Card>
  );
}
