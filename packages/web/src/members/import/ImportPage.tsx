import { Alert, Anchor, Card, Center, Loader, Stack, Stepper, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { errorMessageKey } from "../../api/errors.ts";
import { useChannelLink } from "../../channels/channelParam.ts";
import { useImport } from "../api.ts";
import type { MemberImport } from "../types.ts";
import { MappingStep } from "./MappingStep.tsx";
import { RecentImports } from "./RecentImports.tsx";
import { RunStatus } from "./RunStatus.tsx";
import { UploadStep } from "./UploadStep.tsx";

/**
 * The CSV import flow: choose a file (it is uploaded at once), map its columns and look at
 * the first rows, dry-run or import, follow the progress, download the refused rows.
 */
export function ImportPage() {
  const { t } = useTranslation("members");
  const toPage = useChannelLink();
  const { importId } = useParams();
  return (
    <Stack gap="md">
      <Anchor component={Link} to={toPage("/members")} fz="sm">
        ← {t("import.back")}
      </Anchor>
      <Card padding="lg">
        <Title order={3} fz="h4" mb="lg">
          {t("import.title")}
        </Title>
        {importId ? <ImportFlow importId={importId} /> : <Flow step={0} body={<UploadStep />} />}
      </Card>
      {!importId && <RecentImports />}
    </Stack>
  );
}

function ImportFlow({ importId }: { importId: string }) {
  const { t } = useTranslation("members");
  const current = useImport(importId);
  if (current.isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  if (current.isError) {
    return (
      <Alert color="red" variant="light">
        {t(errorMessageKey(current.error))}
      </Alert>
    );
  }
  const run = current.data;
  return <Flow step={stepOf(run)} body={<StepBody run={run} />} />;
}

function stepOf(run: MemberImport): number {
  if (run.status === "uploaded" || run.status === "failed") return 1;
  if (run.dryRun && run.status === "done") return 1;
  return 2;
}

function StepBody({ run }: { run: MemberImport }) {
  if (run.status === "queued" || run.status === "running") return <RunStatus run={run} />;
  if (run.status === "done" && !run.dryRun) return <RunStatus run={run} />;
  // Ready to map, after a dry run (its results above the mapping), or after a failure.
  return (
    <Stack gap="xl">
      {run.status !== "uploaded" && <RunStatus run={run} />}
      <MappingStep run={run} />
    </Stack>
  );
}

function Flow({ step, body }: { step: number; body: React.ReactNode }) {
  const { t } = useTranslation("members");
  return (
    <Stack gap="lg">
      <Stepper active={step} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t("import.steps.upload")} />
        <Stepper.Step label={t("import.steps.mapping")} />
        <Stepper.Step label={t("import.steps.run")} />
      </Stepper>
      {body}
    </Stack>
  );
}
