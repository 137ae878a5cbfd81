import { Button, Center, EmptyState } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ChannelIcon } from "./icons.tsx";

export function ServerUnavailable({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center h="100dvh" p="md">
      <EmptyState
        icon={<ChannelIcon size={28} />}
        withIndicatorBackground
        title={t("session.loadFailedTitle")}
        description={t("session.loadFailedBody")}
      >
        <EmptyState.Actions>
          <Button onClick={onRetry}>{t("session.retry")}</Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}
