import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useChannelLink } from "../../channels/channelParam.ts";
import { formatCount } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { rejectionReportUrl, useRejections } from "../api.ts";
import { DownloadIcon } from "../icons.tsx";
import type { MemberImport } from "../types.ts";
import { RowProblems } from "./RowProblems.tsx";

/** A run's progress while it runs (polled every second), its counts and refused rows after. */
export function RunStatus({ run }: { run: MemberImport }) {
  const { t } = useTranslation("members");
  const language = useLanguage();
  const toPage = useChannelLink();
  const running = run.status === "queued" || run.status === "running";
  const finished = run.status === "done";
  // The total is counted from the file's lines at upload (quoted newlines make it an
  // estimate), so the bar stops short of full until the run says it is done.
  const total = Math.max(run.totalRows, run.processedRows, 1);
  const percent = finished ? 100 : Math.min(99, (run.processedRows / total) * 100);
  const count = (value: number) => formatCount(value, language);
  const dry = run.dryRun;
  const statusText = running
    ? run.status === "queued"
      ? t("import.status.queued")
      : dry
        ? t("import.status.runningDry")
        : t("import.status.running")
    : run.status === "failed"
      ? t("import.status.failed")
      : dry
        ? t("import.status.doneDry")
        : t("import.status.done");

  return (
    <Stack gap="lg" data-testid="import-run" data-status={run.status} data-dry-run={dry}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text fw={600} data-testid="import-status">
            {statusText}
          </Text>
          {running && (
            <Text c="dimmed" fz="sm">
              {t("import.progress", {
                processed: count(run.processedRows),
                total: count(total),
              })}
            </Text>
          )}
        </Group>
        {run.status !== "failed" && (
          <Progress value={percent} animated={running} size="lg" aria-label={statusText} />
        )}
      </Stack>
      {run.status === "failed" && run.error && (
        <Alert color="red" variant="light">
          {run.error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure
          label={t(dry ? "import.counts.createdDry" : "import.counts.created")}
          value={count(run.createdRows)}
          testId="import-created"
        />
        <Figure
          label={t(dry ? "import.counts.updatedDry" : "import.counts.updated")}
          value={count(run.updatedRows)}
          testId="import-updated"
        />
        <Figure
          label={t("import.counts.unchanged")}
          value={count(run.unchangedRows)}
          testId="import-unchanged"
        />
        <Figure
          label={t("import.counts.rejected")}
          value={count(run.rejectedRows)}
          testId="import-rejected"
          alert={run.rejectedRows > 0}
        />
      </SimpleGrid>
      {finished && run.rejectedRows > 0 && <Rejections run={run} />}
      {finished && !dry && (
        <Group>
          <Button component={Link} to={toPage("/members")} variant="default">
            {t("import.back")}
          </Button>
          <Button component={Link} to={toPage("/members/import")} variant="subtle">
            {t("import.another")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Figure(props: { label: string; value: string; testId: string; alert?: boolean }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text c="dimmed" fz="xs">
        {props.label}
      </Text>
      <Text fz="xl" fw={700} c={props.alert ? "red.7" : undefined} data-testid={props.testId}>
        {props.value}
      </Text>
    </Paper>
  );
}

function Rejections({ run }: { run: MemberImport }) {
  const { t } = useTranslation("members");
  const language = useLanguage();
  const rejections = useRejections(run.id, true);
  return (
    <Stack gap="sm" data-testid="import-rejections">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={4} fz="h5">
            {t("import.rejections.title")}
          </Title>
          <Text c="dimmed" fz="sm" maw={640}>
            {t("import.rejections.description")}
          </Text>
        </Stack>
        <Button
          component="a"
          href={rejectionReportUrl(run.id, language)}
          download
          variant="light"
          leftSection={<DownloadIcon size={18} />}
          data-testid="import-download"
        >
          {t("import.rejections.download")}
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={640} type="native">
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th w={80}>{t("import.rejections.line")}</Table.Th>
              <Table.Th>{t("import.rejections.reason")}</Table.Th>
              <Table.Th>{t("import.rejections.raw")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rejections.data?.rejections.map((rejection) => (
              <Table.Tr key={rejection.line}>
                <Table.Td c="dimmed">{rejection.line}</Table.Td>
                <Table.Td>
                  <RowProblems errors={rejection.errors} />
                </Table.Td>
                <Table.Td ff="monospace" fz="xs" style={{ overflowWrap: "anywhere" }}>
                  {rejection.raw}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rejections.data?.next != null && (
        <Text c="dimmed" fz="sm">
          {t("import.rejections.more")}{" "}
          <Anchor href={rejectionReportUrl(run.id, language)} download>
            {t("import.rejections.download")}
          </Anchor>
        </Text>
      )}
    </Stack>
  );
}
