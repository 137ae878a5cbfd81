import { GENDERS } from "@kizuna/core/members";
import {
  type CountTest,
  type ValueOperator,
  type ValueType,
  WINDOW_UNITS,
  type WindowUnit,
} from "@kizuna/core/segments";
import { Group, MultiSelect, Select, TagsInput, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CountDraft, DraftRow, WindowDraft } from "../draft.ts";

const SIZE = "xs";

/** How a choice reads: 女性 for "female", 4月 for month "4"; other choices as written. */
export function useChoiceLabel() {
  const { t } = useTranslation("segments");
  return (field: string | null, choice: string) => {
    if (field === "member:gender" && (GENDERS as readonly string[]).includes(choice))
      return t(`gender.${choice as (typeof GENDERS)[number]}`);
    if (field === "member:birth_month") return t("monthLabel", { month: choice });
    return choice;
  };
}

/**
 * The operand(s) and the operator of a value test, in Japanese order:
 * [20] [以上] · [2024-04-01] から [2024-04-30] まで [の期間] · [東京都, 大阪府] [のいずれか].
 */
export function ValueTestInput({
  row,
  type,
  choices,
  operators,
  onChange,
}: {
  row: DraftRow;
  type: ValueType;
  choices: readonly string[] | null;
  operators: readonly ValueOperator[];
  onChange: (row: DraftRow) => void;
}) {
  const { t } = useTranslation("segments");
  const choiceLabel = useChoiceLabel();
  const op = row.op as ValueOperator;
  const opLabel = (o: ValueOperator) =>
    type === "date" && o !== "is_set" && o !== "not_set" && o !== "includes" && o !== "contains"
      ? t(`opDate.${o}`)
      : t(`op.${o}`);
  const operand = (key: "value" | "from" | "to") => {
    const value = row[key];
    const set = (next: string) => onChange({ ...row, [key]: next });
    const testId = `condition-${key}`;
    if (type === "date")
      return (
        <TextInput
          size={SIZE}
          type="date"
          w={150}
          aria-label={t("value")}
          value={value}
          onChange={(e) => set(e.currentTarget.value)}
          data-testid={testId}
        />
      );
    if (type === "boolean")
      return (
        <Select
          size={SIZE}
          w={110}
          aria-label={t("value")}
          data={[
            { value: "true", label: t("yes") },
            { value: "false", label: t("no") },
          ]}
          value={value || null}
          onChange={(v) => set(v ?? "")}
          data-testid={testId}
        />
      );
    if ((type === "choice" || type === "multi_choice") && choices)
      return (
        <Select
          size={SIZE}
          w={160}
          aria-label={t("value")}
          data={choices.map((c) => ({ value: c, label: choiceLabel(row.field, c) }))}
          value={value || null}
          searchable
          onChange={(v) => set(v ?? "")}
          data-testid={testId}
        />
      );
    return (
      <TextInput
        size={SIZE}
        w={type === "number" ? 100 : 180}
        inputMode={type === "number" ? "decimal" : undefined}
        aria-label={t("value")}
        value={value}
        onChange={(e) => set(e.currentTarget.value)}
        data-testid={testId}
      />
    );
  };
  return (
    <>
      {op === "between" && (
        <>
          {operand("from")}
          <Text fz="sm">{t("from")}</Text>
          {operand("to")}
          <Text fz="sm">{t("to")}</Text>
        </>
      )}
      {(op === "equals" ||
        op === "contains" ||
        op === "gt" ||
        op === "gte" ||
        op === "lt" ||
        op === "lte") &&
        operand("value")}
      {op === "includes" &&
        (choices ? (
          <MultiSelect
            size={SIZE}
            miw={200}
            aria-label={t("value")}
            placeholder={row.choices.length === 0 ? t("choicesPlaceholder") : undefined}
            data={choices.map((c) => ({ value: c, label: choiceLabel(row.field, c) }))}
            value={row.choices}
            searchable
            onChange={(next) => onChange({ ...row, choices: next })}
            data-testid="condition-choices"
          />
        ) : (
          <TagsInput
            size={SIZE}
            miw={200}
            aria-label={t("value")}
            placeholder={row.choices.length === 0 ? t("textChoicesPlaceholder") : undefined}
            value={row.choices}
            onChange={(next) => onChange({ ...row, choices: next })}
            data-testid="condition-choices"
          />
        ))}
      {row.field === "member:age" && op !== "is_set" && op !== "not_set" && (
        <Text fz="sm">{t("ageUnit")}</Text>
      )}
      <Select
        size={SIZE}
        w={150}
        aria-label={t("row.field")}
        data={operators.map((o) => ({ value: o, label: opLabel(o) }))}
        value={row.op || null}
        allowDeselect={false}
        onChange={(next) => next && onChange({ ...row, op: next })}
        data-testid="condition-op"
      />
    </>
  );
}

/** 期間: 全期間 · 過去 [30] [日] 以内 · [90] [日] 以上前 · [from] から [to] まで. */
export function WindowInput({
  window,
  onChange,
  allowAny = true,
}: {
  window: WindowDraft;
  onChange: (window: WindowDraft) => void;
  allowAny?: boolean;
}) {
  const { t } = useTranslation("segments");
  const types = (
    allowAny ? ["any", "last", "older_than", "between"] : ["last", "older_than", "between"]
  ) as WindowDraft["type"][];
  const unit = (
    <Select
      size={SIZE}
      w={90}
      aria-label={t("window.label")}
      data={WINDOW_UNITS.map((u: WindowUnit) => ({ value: u, label: t(`window.units.${u}`) }))}
      value={window.unit}
      allowDeselect={false}
      onChange={(next) => next && onChange({ ...window, unit: next as WindowUnit })}
      data-testid="window-unit"
    />
  );
  const amount = (
    <TextInput
      size={SIZE}
      w={64}
      inputMode="numeric"
      aria-label={t("window.label")}
      value={window.amount}
      onChange={(e) => onChange({ ...window, amount: e.currentTarget.value })}
      data-testid="window-amount"
    />
  );
  return (
    <Group gap={6} wrap="wrap">
      <Text fz="sm" c="dimmed">
        {t("window.label")}
      </Text>
      <Select
        size={SIZE}
        w={120}
        aria-label={t("window.label")}
        data={types.map((type) => ({ value: type, label: t(`window.${type}`) }))}
        value={window.type}
        allowDeselect={false}
        onChange={(next) => next && onChange({ ...window, type: next as WindowDraft["type"] })}
        data-testid="window-type"
      />
      {window.type === "last" && (
        <>
          {amount}
          {unit}
          <Text fz="sm">{t("window.lastSuffix")}</Text>
        </>
      )}
      {window.type === "older_than" && (
        <>
          {amount}
          {unit}
          <Text fz="sm">{t("window.olderSuffix")}</Text>
        </>
      )}
      {window.type === "between" && (
        <>
          <TextInput
            size={SIZE}
            type="date"
            w={150}
            aria-label={t("from")}
            value={window.from}
            onChange={(e) => onChange({ ...window, from: e.currentTarget.value })}
            data-testid="window-from"
          />
          <Text fz="sm">{t("from")}</Text>
          <TextInput
            size={SIZE}
            type="date"
            w={150}
            aria-label={t("to")}
            value={window.to}
            onChange={(e) => onChange({ ...window, to: e.currentTarget.value })}
            data-testid="window-to"
          />
          <Text fz="sm">{t("to")}</Text>
        </>
      )}
    </Group>
  );
}

/** 回数: [2] [回以上]. */
export function CountInput({
  count,
  onChange,
}: {
  count: CountDraft;
  onChange: (count: CountDraft) => void;
}) {
  const { t } = useTranslation("segments");
  return (
    <Group gap={6} wrap="nowrap">
      <Text fz="sm" c="dimmed">
        {t("count.label")}
      </Text>
      <TextInput
        size={SIZE}
        w={56}
        inputMode="numeric"
        aria-label={t("count.label")}
        value={count.value}
        onChange={(e) => onChange({ ...count, value: e.currentTarget.value })}
        data-testid="count-value"
      />
      <Select
        size={SIZE}
        w={110}
        aria-label={t("count.label")}
        data={(["at_least", "at_most", "exactly"] as CountTest["op"][]).map((op) => ({
          value: op,
          label: t(`count.${op}`),
        }))}
        value={count.op}
        allowDeselect={false}
        onChange={(next) => next && onChange({ ...count, op: next as CountTest["op"] })}
        data-testid="count-op"
      />
    </Group>
  );
}
