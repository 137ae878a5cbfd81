import { Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { SendIcon } from "../app/icons.tsx";

/** 配信's title and what it is for, at the head of the dashboard's panel and the campaigns page. */
export function CampaignHeading() {
  const { t } = useTranslation("campaigns");
  return (
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
  );
}
