import { IMPORT_TARGET_FIELDS, type ImportTarget } from "@kizuna/core/members";
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../../api/errors.ts";
import { formatCount } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { useMemberAttributes, usePreview, useStartImport } from "../api.ts";
import { useFieldLabel } from "../fieldLabel.ts";
import type { CsvEncoding, ImportMapping, MappingProblem, MemberImport } from "../types.ts";
import { RowProblems } from "./RowProblems.tsx";

const IGNORE = "__ignore";

/** Which column goes where, checked live against the first rows of the file. */
export function MappingStep({ run }: { run: MemberImport }) {
  const { t } = useTranslation("members");
  const language = useLanguage();
  const label = useFieldLabel();
  const attributes = useMemberAttributes();
  const [encoding, setEncoding] = useState<CsvEncoding>(run.encoding);
  // Null until the staff member changes something: the server's suggestion (or the mapping
  // of the last dry run) is shown until then.
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const preview = usePreview(run.id, encoding, mapping, true);
  const start = useStartImport(run.id);
  const shown = mapping ?? preview.data?.mapping ?? null;
  const data = preview.data;

  const targets = [
    {
      group: t("import.mapping.fieldsGroup"),
      items: IMPORT_TARGET_FIELDS.map((field) => ({ value: field, label: label(field) })),
    },
    ...(attributes.data?.length
      ? [
          {
            group: t("import.mapping.attributesGroup"),
            items: attributes.data.map((a) => ({ value: `attributes.${a.key}`, label: a.label })),
          },
        ]
      : []),
    { group: "", items: [{ value: IGNORE, label: t("import.mapping.ignore") }] },
  ];

  const choose = (header: string, target: string | null) => {
    const next: ImportMapping = { ...(shown ?? {}) };
    if (!target || target === IGNORE) delete next[header];
    else {
      // A target belongs to one column: choosing it elsewhere takes it from there.
      for (const [other, chosen] of Object.entries(next)) if (chosen === target) delete next[other];
      next[header] = target as ImportTarget;
    }
    setMapping(next);
  };

  const problemText = (problem: MappingProblem) => {
    switch (problem.code) {
      case "external_id_unmapped":
        return t("import.mapping.problems.external_id_unmapped");
      case "duplicate_header":
      case "unknown_header":
        return t(`import.mapping.problems.${problem.code}`, { header: problem.header });
      case "duplicate_target":
      case "unknown_attribute":
        return t(`import.mapping.problems.${problem.code}`, { target: label(problem.target) });
      default: {
        const never: never = problem;
        return String(never);
      }
    }
  };

  const ready = data !== undefined && shown !== null && data.problems.length === 0;
  const runWith = (dryRun: boolean) => shown && start.mutate({ encoding, mapping: shown, dryRun });
  const firstRow = data?.rows[0]?.cells ?? [];
  const mappedColumns = (data?.headers ?? [])
    .map((header, index) => ({ header, index, target: shown?.[header] }))
    .filter((column) => column.target !== undefined);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Text fw={600}>
            {t("import.file", { name: run.fileName, size: formatBytes(run.byteSize, language) })}
          </Text>
          <Text c="dimmed" fz="sm">
            {t("import.estimatedRows", { total: formatCount(run.totalRows, language) })}
          </Text>
        </Stack>
        <Select
          label={t("import.upload.encoding")}
          value={encoding}
          onChange={(value) => value && setEncoding(value as CsvEncoding)}
          data={(["utf-8", "shift_jis"] as const).map((value) => ({
            value,
            label: t(`import.encoding.${value}`),
          }))}
          allowDeselect={false}
          w={220}
          data-testid="import-mapping-encoding"
        />
      </Group>

      <Text fz="sm">{t("import.mapping.description")}</Text>
      <Table.ScrollContainer minWidth={560} type="native">
        <Table verticalSpacing="xs" data-testid="import-mapping">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>{t("import.mapping.column")}</Table.Th>
              <Table.Th>{t("import.mapping.sample")}</Table.Th>
              <Table.Th w={260}>{t("import.mapping.target")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.headers.map((header, index) => (
              // Columns are positional: the index is the column's identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <Table.Tr key={index}>
                <Table.Td fw={500}>{header}</Table.Td>
                <Table.Td c="dimmed" fz="sm" maw={280} style={{ overflowWrap: "anywhere" }}>
                  {firstRow[index]}
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={header}
                    value={shown?.[header] ?? IGNORE}
                    onChange={(value) => choose(header, value)}
                    data={targets}
                    allowDeselect={false}
                    data-testid={`import-target-${index}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {data && data.problems.length > 0 && (
        <Alert color="orange" variant="light" data-testid="import-problems">
          <List size="sm">
            {data.problems.map((problem) => (
              <List.Item key={JSON.stringify(problem)}>{problemText(problem)}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      <Stack gap="xs">
        <Title order={4} fz="h5">
          {t("import.preview.title", { count: 20 })}
        </Title>
        {data === undefined ? (
          <Text c="dimmed" fz="sm">
            {t("import.preview.loading")}
          </Text>
        ) : data.rows.length === 0 ? (
          <Text c="dimmed" fz="sm">
            {t("import.preview.none")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table
              verticalSpacing={6}
              fz="sm"
              data-testid="import-preview"
              style={{ opacity: preview.isPlaceholderData ? 0.6 : 1, whiteSpace: "nowrap" }}
            >
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th w={56}>{t("import.preview.line")}</Table.Th>
                  <Table.Th miw={280}>{t("import.preview.result")}</Table.Th>
                  {mappedColumns.map((column) => (
                    <Table.Th key={column.index}>{label(column.target!)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((row) => (
                  <Table.Tr key={row.line} bg={row.errors ? "red.0" : undefined}>
                    <Table.Td c="dimmed">{row.line}</Table.Td>
                    <Table.Td style={{ whiteSpace: "normal" }}>
                      {row.errors ? (
                        <RowProblems errors={row.errors} />
                      ) : row.member ? (
                        <Badge color="green" variant="light">
                          {t("import.preview.ok")}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    {mappedColumns.map((column) => (
                      <Table.Td key={column.index}>{row.cells[column.index]}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>

      {start.isError && (
        <Alert color="red" variant="light" title={t("import.startFailed")}>
          {t(errorMessageKey(start.error))}
        </Alert>
      )}
      <Group>
        <Button
          variant="default"
          disabled={!ready}
          loading={start.isPending && start.variables?.dryRun}
          onClick={() => runWith(true)}
          data-testid="import-dry-run"
        >
          {t("import.dryRun")}
        </Button>
        <Button
          disabled={!ready}
          loading={start.isPending && !start.variables?.dryRun}
          onClick={() => runWith(false)}
          data-testid="import-start"
        >
          {run.dryRun && run.status === "done" ? t("import.startAfterDryRun") : t("import.start")}
        </Button>
      </Group>
      <Text c="dimmed" fz="xs">
        {t("import.dryRunHint")}
      </Text>
    </Stack>
  );
}

function formatBytes(bytes: number, language: "ja" | "en"): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-US", {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value)} ${units[unit]}`;
}
