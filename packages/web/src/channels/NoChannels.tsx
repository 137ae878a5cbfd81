import { Card, Code, EmptyState } from "@mantine/core";
import { Trans, useTranslation } from "react-i18next";
import { ChannelIcon } from "../app/icons.tsx";

export function NoChannels() {
  const { t } = useTranslation("channels");
  return (
    <Card py={48} data-testid="no-channels">
      <EmptyState
        variant="light"
        icon={<ChannelIcon size={28} />}
        title={t("emptyTitle")}
        description={t("emptyCredentials")}
        maw={560}
        mx="auto"
      >
        <EmptyState.Description>
          <Trans t={t} i18nKey="emptyDemo" components={{ code: <Code /> }} />
        </EmptyState.Description>
      </EmptyState>
    </Card>
  );
}
