import { Card, Divider, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { SendIcon } from "../app/icons.tsx";
import { BroadcastComposer } from "./BroadcastComposer.tsx";
import { BroadcastHistory } from "./BroadcastHistory.tsx";

export function BroadcastPanel({
  channelId,
  recipients,
}: {
  channelId: string;
  recipients: number;
}) {
  const { t } = useTranslation("broadcasts");
  return (
    <Card>
      <Stack gap="md">
        <Stack gap={4}>
          <Group gap="xs">
            <SendIcon />
            <Title order={3} fz="h4">
              {t("title")}
            </Title>
          </Group>
          <Text fz="sm" c="dimmed">
            {t("description")}
          </Text>
        </Stack>
        <BroadcastComposer channelId={channelId} recipients={recipients} />
        <Divider />
        <BroadcastHistory channelId={channelId} />
      </Stack>
    </Card>
  );
}
