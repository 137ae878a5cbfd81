import {
  Alert,
  Anchor,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessageKey } from "../api/errors.ts";
import { SearchIcon } from "../app/icons.tsx";
import { useChannelLink } from "../channels/channelParam.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useMemberCount, useMembers } from "./api.ts";
import { AttributesCard } from "./attributes/AttributesCard.tsx";
import { MembersIcon, UploadIcon } from "./icons.tsx";

/** The company's members, a page at a time, found by id, e-mail, phone or name. */
export function MembersPage() {
  const { t } = useTranslation("members");
  const language = useLanguage();
  const toPage = useChannelLink();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const q = debounced.trim();
  // The cursors of the pages seen, for "previous"; a new search starts again on page 1.
  const [paging, setPaging] = useState<{ q: string; cursors: (string | null)[] }>({
    q,
    cursors: [null],
  });
  const cursors = paging.q === q ? paging.cursors : [null];
  const members = useMembers(q, cursors.at(-1) ?? null);
  const count = useMemberCount();
  const page = members.data;
  const nextCursor = members.isPlaceholderData ? null : (page?.nextCursor ?? null);

  return (
    <Stack gap="lg">
      <Card padding={0}>
        <Stack gap="md" p="lg" pb="md">
          <Group justify="space-between">
            <Group gap="xs">
              <MembersIcon />
              <Title order={3} fz="h4">
                {t("title")}
              </Title>
              {count.data !== undefined && (
                <Text c="dimmed" fz="sm" data-testid="members-total">
                  {t("total", { total: formatCount(count.data, language) })}
                </Text>
              )}
            </Group>
            <Button
              component={Link}
              to={toPage("/members/import")}
              leftSection={<UploadIcon size={18} />}
              data-testid="members-import"
            >
              {t("importButton")}
            </Button>
          </Group>
          <TextInput
            aria-label={t("searchLabel")}
            placeholder={t("searchPlaceholder")}
            leftSection={<SearchIcon size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            maw={420}
            data-testid="members-search"
          />
        </Stack>
        {members.isError && !page ? (
          <Alert color="red" variant="light" m="lg" mt={0} title={t("loadFailed")}>
            {t(errorMessageKey(members.error))}
          </Alert>
        ) : (
          <Table.ScrollContainer minWidth={720} type="native">
            <Table
              verticalSpacing="sm"
              horizontalSpacing="lg"
              highlightOnHover
              data-testid="members-table"
              style={{ opacity: members.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t("columns.externalId")}</Table.Th>
                  <Table.Th>{t("columns.name")}</Table.Th>
                  <Table.Th>{t("columns.email")}</Table.Th>
                  <Table.Th>{t("columns.phone")}</Table.Th>
                  <Table.Th>{t("columns.rank")}</Table.Th>
                  <Table.Th ta="right">{t("columns.points")}</Table.Th>
                  <Table.Th visibleFrom="md">{t("columns.updatedAt")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page === undefined ? (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Center py="xl">
                        <Loader size="sm" />
                      </Center>
                    </Table.Td>
                  </Table.Tr>
                ) : page.members.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Stack align="center" gap={4} py="xl" maw={520} mx="auto" ta="center">
                        <Text fw={600}>{q ? t("noMatchTitle") : t("emptyTitle")}</Text>
                        <Text c="dimmed" fz="sm">
                          {q ? t("noMatchBody") : t("emptyBody")}
                        </Text>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  page.members.map((member) => (
                    <Table.Tr key={member.id}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={toPage(`/members/${encodeURIComponent(member.externalId)}`)}
                          ff="monospace"
                          fz="sm"
                        >
                          {member.externalId}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{member.name}</Table.Td>
                      <Table.Td>{member.email}</Table.Td>
                      <Table.Td>{member.phone}</Table.Td>
                      <Table.Td>{member.rank}</Table.Td>
                      <Table.Td ta="right">
                        {member.points === null ? "" : formatCount(member.points, language)}
                      </Table.Td>
                      <Table.Td visibleFrom="md" c="dimmed" fz="sm">
                        {formatDateTime(member.updatedAt, language)}
                      </Table.Td>
                    </Table.Tr>
                  ))
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {(cursors.length > 1 || nextCursor !== null) && (
          <Group justify="flex-end" gap="xs" p="md">
            <Text fz="sm" c="dimmed" mr="xs">
              {t("page", { page: cursors.length })}
            </Text>
            <Button
              variant="default"
              size="compact-md"
              disabled={cursors.length <= 1}
              onClick={() => setPaging({ q, cursors: cursors.slice(0, -1) })}
            >
              {t("previous")}
            </Button>
            <Button
              variant="default"
              size="compact-md"
              disabled={nextCursor === null}
              onClick={() => nextCursor && setPaging({ q, cursors: [...cursors, nextCursor] })}
            >
              {t("next")}
            </Button>
          </Group>
        )}
      </Card>
      <AttributesCard />
    </Stack>
  );
}
