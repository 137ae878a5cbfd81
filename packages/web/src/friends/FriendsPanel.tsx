import { can } from "@kizuna/core/permissions";
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessageKey } from "../api/errors.ts";
import { useCustomFields, useInflowRoutes, useTags } from "../api/friendData.ts";
import { friendsExportUrl, friendsPageSize, useFriendCount, useFriends } from "../api/friends.ts";
import { useAuthenticatedSession } from "../api/session.ts";
import { DownloadIcon, FriendsIcon, TagIcon } from "../app/icons.tsx";
import { useChannelLink } from "../channels/channelParam.ts";
import { formatCount } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { BulkEditModal } from "./bulk/BulkEditModal.tsx";
import {
  type CursorStack,
  firstPage,
  hasPreviousPage,
  nextPage,
  previousPage,
} from "./cursorStack.ts";
import { FriendsPager } from "./FriendsPager.tsx";
import { FriendsTable } from "./FriendsTable.tsx";
import { FriendsFilterBar } from "./filters/FriendsFilterBar.tsx";
import { emptyDraft, type FilterDraft, isFiltered, toFriendFilter } from "./filters/filterDraft.ts";
import {
  bulkSelectionOf,
  isSelected,
  noSelection,
  pageState,
  type Selection,
  selectedCount,
  toggleFriend,
  togglePage,
} from "./selection.ts";

export function FriendsPanel({ channelId }: { channelId: string }) {
  const { t } = useTranslation("friends");
  const language = useLanguage();
  const { role } = useAuthenticatedSession().user;
  const toPage = useChannelLink();
  const [draft, setDraft] = useState<FilterDraft>(emptyDraft);
  const [filter] = useDebouncedValue(
    useMemo(() => toFriendFilter(draft), [draft]),
    300,
  );

  // Paging and selection belong to the filter they were made for: a new filter starts on
  // page 1 with nothing selected, without an effect resetting state after the fact.
  const filterKey = JSON.stringify(filter);
  const [paging, setPaging] = useState({ filterKey, stack: firstPage as CursorStack });
  const stack = paging.filterKey === filterKey ? paging.stack : firstPage;
  const [picked, setPicked] = useState<{ filterKey: string; selection: Selection }>({
    filterKey,
    selection: noSelection,
  });
  const selection = picked.filterKey === filterKey ? picked.selection : noSelection;
  const select = (next: Selection) => setPicked({ filterKey, selection: next });
  const [bulkOpen, setBulkOpen] = useState(false);
  const [done, setDone] = useState<number | null>(null);

  const friends = useFriends(channelId, { filter, cursor: stack.cursor, limit: friendsPageSize });
  const count = useFriendCount(channelId, filter);
  const tags = useTags(channelId);
  const fields = useCustomFields(channelId);
  const routes = useInflowRoutes(channelId);
  const tagsById = useMemo(
    () => new Map((tags.data ?? []).map((tag) => [tag.id, tag])),
    [tags.data],
  );

  const page = friends.data;
  const pageIds = page?.friends.map((friend) => friend.id) ?? [];
  const nextCursor = friends.isPlaceholderData ? null : (page?.nextCursor ?? null);
  const filtered = isFiltered(filter);
  const mayBulkEdit = can(role, "friends:bulk_edit");
  const selected = selectedCount(selection, count.data);
  const matching = count.data ?? 0;
  const everyPageRowPicked = pageState(selection, pageIds) === "all";

  return (
    <Card padding={0}>
      <Stack gap="md" p="lg" pb="md">
        <Group gap="xs" justify="space-between">
          <Group gap="xs">
            <FriendsIcon />
            <Title order={3} fz="h4">
              {t("title")}
            </Title>
            {count.data !== undefined && (
              <Badge variant="light" color="gray" size="lg" data-testid="friends-count">
                {t("matching", { count: formatCount(count.data, language) })}
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Anchor component={Link} to={toPage("/tags-fields")} fz="sm">
              <Group gap={4}>
                <TagIcon size={16} />
                {t("settingsLink")}
              </Group>
            </Anchor>
            {can(role, "friends:export") && (
              <Button
                component="a"
                href={friendsExportUrl(channelId, filter, language)}
                download
                variant="default"
                leftSection={<DownloadIcon size={16} />}
                title={t("export.hint")}
                data-testid="friends-export"
              >
                {t("export.button")}
              </Button>
            )}
          </Group>
        </Group>
        <FriendsFilterBar
          draft={draft}
          onChange={setDraft}
          tags={tags.data ?? []}
          fields={fields.data ?? []}
          routes={routes.data ?? []}
        />
        {done !== null && (
          <Alert
            color="line"
            variant="light"
            withCloseButton
            onClose={() => setDone(null)}
            data-testid="bulk-done"
          >
            {done > 0 ? t("bulk.done", { count: formatCount(done, language) }) : t("bulk.doneNone")}
          </Alert>
        )}
        {mayBulkEdit && selected > 0 && (
          <Group
            gap="sm"
            p="xs"
            px="sm"
            bg="var(--mantine-color-line-light)"
            style={{ borderRadius: "var(--mantine-radius-md)" }}
            data-testid="selection-bar"
          >
            <Text fz="sm" fw={600}>
              {t("selection.selected", { count: formatCount(selected, language) })}
            </Text>
            {selection.kind === "all" ? (
              <Text fz="sm">
                {t("selection.allSelected", { count: formatCount(matching, language) })}
              </Text>
            ) : (
              everyPageRowPicked &&
              matching > pageIds.length && (
                <>
                  <Text fz="sm">
                    {t("selection.pageSelected", { count: formatCount(pageIds.length, language) })}
                  </Text>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => select({ kind: "all" })}
                    data-testid="select-all-matching"
                  >
                    {t("selection.selectAllMatching", { count: formatCount(matching, language) })}
                  </Button>
                </>
              )
            )}
            <Group gap="xs" ml="auto">
              <Button
                variant="subtle"
                color="gray"
                size="compact-sm"
                onClick={() => select(noSelection)}
              >
                {t("selection.clear")}
              </Button>
              <Button size="compact-sm" onClick={() => setBulkOpen(true)} data-testid="bulk-open">
                {t("bulk.open")}
              </Button>
            </Group>
          </Group>
        )}
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
          onClearFilters={() => setDraft(emptyDraft)}
          tags={tagsById}
          selection={
            mayBulkEdit
              ? {
                  isSelected: (id) => isSelected(selection, id),
                  page: pageState(selection, pageIds),
                  onToggle: (id) => select(toggleFriend(selection, id, pageIds)),
                  onTogglePage: () => select(togglePage(selection, pageIds)),
                }
              : undefined
          }
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
      {mayBulkEdit && (
        <BulkEditModal
          key={bulkOpen ? "open" : "closed"}
          channelId={channelId}
          opened={bulkOpen}
          onClose={() => setBulkOpen(false)}
          onDone={(changed) => {
            setDone(changed);
            select(noSelection);
          }}
          count={selected}
          selection={bulkSelectionOf(selection, filter)}
          tags={tags.data ?? []}
          fields={fields.data ?? []}
        />
      )}
    </Card>
  );
}
