import { can } from "@kizuna/core/permissions";
import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../api/client.ts";
import { errorMessageKey } from "../api/errors.ts";
import { useAuthenticatedSession } from "../api/session.ts";
import { PlusIcon } from "../app/icons.tsx";
import { useChannelLink } from "../channels/channelParam.ts";
import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { AudienceListsCard } from "./AudienceListsCard.tsx";
import { type SavedSegment, useDeleteSegment, useRecountSegment, useSegments } from "./api.ts";
import { SegmentIcon } from "./SegmentIcon.tsx";

/** Saved segments with their last count, and the uploaded lists. */
export function SegmentsPage() {
  const { t } = useTranslation("segments");
  const language = useLanguage();
  const channel = useCurrentChannel();
  const { role } = useAuthenticatedSession().user;
  const toPage = useChannelLink();
  const segments = useSegments(channel.id);
  const recount = useRecountSegment(channel.id);
  const remove = useDeleteSegment(channel.id);
  const [notice, setNotice] = useState<string | null>(null);
  const mayManage = can(role, "segments:manage");

  const onDelete = (segment: SavedSegment) => {
    if (!window.confirm(t("deleteConfirm", { name: segment.name }))) return;
    setNotice(null);
    remove.mutate(segment.id, {
      onError: (error) => {
        const usedBy =
          error instanceof ApiError && error.code === "segment_in_use"
            ? ((error.details as { usedBy?: { name: string }[] })?.usedBy ?? [])
            : null;
        setNotice(
          usedBy
            ? t("deleteInUse", { names: usedBy.map((s) => s.name).join("、") })
            : t(errorMessageKey(error)),
        );
      },
    });
  };

  return (
    <Stack gap="md">
      <Card padding="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <Group gap="xs">
              <SegmentIcon />
              <Title order={3} fz="h4">
                {t("title")}
              </Title>
            </Group>
            {mayManage && (
              <Button
                component={Link}
                to={toPage("/segments/new")}
                leftSection={<PlusIcon size={16} />}
                data-testid="segment-new"
              >
                {t("new")}
              </Button>
            )}
          </Group>
          <Text fz="sm" c="dimmed">
            {t("intro")}
          </Text>
          {notice && (
            <Alert color="red" variant="light" withCloseButton onClose={() => setNotice(null)}>
              {notice}
            </Alert>
          )}
          {segments.data?.length === 0 && (
            <Text fz="sm" c="dimmed">
              {t("empty")}
            </Text>
          )}
          {segments.data && segments.data.length > 0 && (
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("table.name")}</Table.Th>
                  <Table.Th ta="right">{t("table.count")}</Table.Th>
                  <Table.Th>{t("table.countedAt")}</Table.Th>
                  <Table.Th>{t("table.updatedAt")}</Table.Th>
                  <Table.Th>{t("table.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {segments.data.map((segment) => (
                  <Table.Tr key={segment.id} data-testid="segment-row" data-name={segment.name}>
                    <Table.Td>
                      <Anchor component={Link} to={toPage(`/segments/${segment.id}`)} fw={500}>
                        {segment.name}
                      </Anchor>
                      {segment.description && (
                        <Text fz="xs" c="dimmed" lineClamp={1}>
                          {segment.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" data-testid="segment-row-count">
                      {segment.lastCount === null
                        ? t("notCounted")
                        : t("people", { count: formatCount(segment.lastCount, language) })}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">
                        {segment.lastCountedAt
                          ? formatDateTime(segment.lastCountedAt, language)
                          : "—"}
                      </Text>
                      {segment.lastCountMs !== null && (
                        <Text fz="xs" c="dimmed">
                          {segment.lastCountMs} ms
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(segment.updatedAt, language)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="light"
                          loading={recount.isPending && recount.variables === segment.id}
                          onClick={() => recount.mutate(segment.id)}
                        >
                          {t("recount")}
                        </Button>
                        {mayManage && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => onDelete(segment)}
                          >
                            {t("delete")}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Card>
      <AudienceListsCard channelId={channel.id} mayManage={mayManage} />
    </Stack>
  );
}
