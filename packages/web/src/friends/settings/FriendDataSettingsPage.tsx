import { can } from "@kizuna/core/permissions";
import { Card, Group, Tabs, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useAuthenticatedSession } from "../../api/session.ts";
import { TagIcon } from "../../app/icons.tsx";
import { useCurrentChannel } from "../../channels/useCurrentChannel.ts";
import { CustomFieldsSettings } from "./CustomFieldsSettings.tsx";
import { TagsSettings } from "./TagsSettings.tsx";

/** タグ・友だち情報: the words a channel uses to describe its friends. */
export function FriendDataSettingsPage() {
  const { t } = useTranslation("friendSettings");
  const channel = useCurrentChannel();
  const { role } = useAuthenticatedSession().user;
  return (
    <Card padding="lg">
      <Group gap="xs" mb="md">
        <TagIcon />
        <Title order={3} fz="h4">
          {t("title")}
        </Title>
      </Group>
      <Tabs defaultValue="tags" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="tags" data-testid="settings-tab-tags">
            {t("tabs.tags")}
          </Tabs.Tab>
          <Tabs.Tab value="fields" data-testid="settings-tab-fields">
            {t("tabs.fields")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tags">
          <TagsSettings channelId={channel.id} canManage={can(role, "tags:manage")} />
        </Tabs.Panel>
        <Tabs.Panel value="fields">
          <CustomFieldsSettings channelId={channel.id} canManage={can(role, "fields:manage")} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
