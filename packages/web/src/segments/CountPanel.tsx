import { Alert, Avatar, Badge, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatCount, formatDateTime } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import type { Preview } from "./api.ts";

/** 対象人数: the live count of the definition being edited, how long it took, and a few friends. */
export function CountPanel({
  preview,
  loading,
  incomplete,
  problems,
  everyone,
}: {
  preview: Preview | undefined;
  loading: boolean;
  incomplete: number;
  problems: boolean;
  everyone: boolean;
}) {
  const { t } = useTranslation("segments");
  const language = useLanguage();
  return (
    <Card withBorder padding="lg" data-testid="segment-count-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t("count_panel.title")}</Title>
          {loading && (
            <Group gap={6}>
              <Loader size="xs" />
              <Text fz="xs" c="dimmed">
                {t("count_panel.counting")}
              </Text>
            </Group>
          )}
        </Group>
        {problems ? (
          <Alert color="red" variant="light" data-testid="segment-problems">
            {t("count_panel.problems")}
          </Alert>
        ) : preview ? (
          <>
            <Group gap="xs" align="baseline">
              <Text fz={36} fw={700} lh={1} data-testid="segment-count" data-count={preview.count}>
                {t("count_panel.people", { count: formatCount(preview.count, language) })}
              </Text>
              <Text fz="xs" c="dimmed" data-testid="segment-count-ms">
                {t("count_panel.took", { ms: preview.tookMs })}
              </Text>
            </Group>
            {everyone && (
              <Text fz="xs" c="dimmed">
                {t("count_panel.everyone")}
              </Text>
            )}
          </>
        ) : null}
        {incomplete > 0 && (
          <Text fz="xs" c="orange" data-testid="segment-incomplete">
            {t("count_panel.incomplete", { count: incomplete })}
          </Text>
        )}
        {preview && !problems && (
          <Stack gap={6} data-testid="segment-sample">
            <Text fz="sm" fw={500}>
              {t("count_panel.sample")}
            </Text>
            {preview.sample.length === 0 && (
              <Text fz="sm" c="dimmed">
                {t("count_panel.noSample")}
              </Text>
            )}
            {preview.sample.map((friend) => (
              <Group key={friend.id} gap="xs" wrap="nowrap" data-testid="sample-friend">
                <Avatar src={friend.pictureUrl} size="sm" radius="xl" />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text fz="sm" truncate>
                    {friend.displayName ?? friend.lineUserId}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {formatDateTime(friend.followedAt, language)}
                  </Text>
                </Stack>
                <Group gap={4} ml="auto" wrap="nowrap">
                  {friend.memberId && (
                    <Badge size="xs" variant="light" color="line">
                      {t("count_panel.linked")}
                    </Badge>
                  )}
                  {friend.status === "blocked" && (
                    <Badge size="xs" variant="light" color="gray">
                      {t("count_panel.blocked")}
                    </Badge>
                  )}
                </Group>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
