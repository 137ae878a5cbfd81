import { Anchor, Badge, Card, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useChannelLink } from "../../channels/channelParam.ts";
import { formatCount, formatDateTime } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { useImports } from "../api.ts";
import type { MemberImport } from "../types.ts";

const COLORS: Record<MemberImport["status"], string> = {
  uploading: "gray",
  uploaded: "gray",
  queued: "blue",
  running: "blue",
  done: "green",
  failed: "red",
};

export function RecentImports() {
  const { t } = useTranslation("members");
  const language = useLanguage();
  const toPage = useChannelLink();
  const imports = useImports();
  return (
    <Card padding="lg">
      <Stack gap="sm">
        <Title order={4} fz="h5">
          {t("import.recent")}
        </Title>
        {imports.data?.length === 0 ? (
          <Text c="dimmed" fz="sm">
            {t("import.recentEmpty")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table verticalSpacing="xs">
              <Table.Tbody>
                {imports.data?.map((run) => (
                  <Table.Tr key={run.id}>
                    <Table.Td>
                      <Anchor component={Link} to={toPage(`/members/import/${run.id}`)} fz="sm">
                        {run.fileName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={COLORS[run.status]} variant="light">
                        {t(
                          run.status === "done" && run.dryRun
                            ? "import.recentStatus.doneDry"
                            : `import.recentStatus.${run.status}`,
                        )}
                      </Badge>
                    </Table.Td>
                    <Table.Td fz="sm" c="dimmed">
                      {t("import.rows", { total: formatCount(run.totalRows, language) })}
                    </Table.Td>
                    <Table.Td fz="sm" c="dimmed">
                      {formatDateTime(run.createdAt, language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
