import { Alert, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useBroadcasts } from "../api/broadcasts.ts";
import { errorMessageKey } from "../api/errors.ts";
import { BroadcastItem } from "./BroadcastItem.tsx";

const recentCount = 20;

export function BroadcastHistory({ channelId }: { channelId: string }) {
  const { t } = useTranslation("broadcasts");
  const broadcasts = useBroadcasts(channelId);
  return (
    <Stack gap="sm">
      <Title order={4} fz="md">
        {t("historyTitle")}
      </Title>
      {broadcasts.data ? (
        broadcasts.data.length === 0 ? (
          <Text fz="sm" c="dimmed" data-testid="broadcasts-empty">
            {t("historyEmpty")}
          </Text>
        ) : (
          <Stack gap="sm" data-testid="broadcast-list">
            {broadcasts.data.slice(0, recentCount).map((broadcast) => (
              <BroadcastItem key={broadcast.id} broadcast={broadcast} />
            ))}
          </Stack>
        )
      ) : broadcasts.isError ? (
        <Alert color="red" variant="light" title={t("loadFailed")}>
          {t(errorMessageKey(broadcasts.error))}
        </Alert>
      ) : (
        <Skeleton h={72} radius="md" />
      )}
    </Stack>
  );
}
