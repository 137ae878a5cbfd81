import { Button, Card, EmptyState } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useChannelLink } from "../channels/channelParam.ts";
import { SearchIcon } from "./icons.tsx";

export function NotFoundPage() {
  const { t } = useTranslation();
  const toPage = useChannelLink();
  return (
    <Card py={48} data-testid="not-found">
      <EmptyState
        variant="light"
        icon={<SearchIcon size={28} />}
        title={t("notFound.title")}
        description={t("notFound.body")}
        maw={560}
        mx="auto"
      >
        <EmptyState.Actions>
          <Button component={Link} to={toPage("/")}>
            {t("notFound.home")}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  );
}
