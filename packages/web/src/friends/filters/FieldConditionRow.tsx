import { FIELD_OPERATORS, type FieldOperator } from "@kizuna/core/friends";
import { CloseButton, Group, MultiSelect, Select, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CustomField } from "../../api/friendData.ts";
import { FieldValueInput } from "./FieldValueInput.tsx";
import { defaultOperator, type FieldDraft } from "./filterDraft.ts";

/** 友だち情報: [誕生日] [1990-01-01] から [1999-12-31] [の範囲内] */
export function FieldConditionRow({
  draft,
  fields,
  onChange,
  onRemove,
}: {
  draft: FieldDraft;
  fields: readonly CustomField[];
  onChange: (draft: FieldDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("friends");
  const field = fields.find((f) => f.id === draft.fieldId);
  const operatorLabel = (op: FieldOperator) =>
    field?.type === "date" && (op === "gt" || op === "lt")
      ? t(`conditions.opDate.${op}`)
      : t(`conditions.op.${op}`);
  const operand = (key: "value" | "from" | "to", placeholder?: string) =>
    field && (
      <FieldValueInput
        size="xs"
        type={field.type === "multi_choice" ? "single_choice" : field.type}
        choices={field.choices}
        value={draft[key]}
        placeholder={placeholder}
        onChange={(value) =>
          onChange({ ...draft, [key]: Array.isArray(value) ? value.join(",") : value })
        }
        testId={`field-condition-${key}`}
      />
    );
  return (
    <Group gap="xs" wrap="wrap" data-testid="field-condition">
      <Text fz="sm" fw={500} w={88}>
        {t("conditions.fieldLabel")}
      </Text>
      <Select
        size="xs"
        w={180}
        aria-label={t("conditions.fieldLabel")}
        placeholder={t("conditions.fieldPlaceholder")}
        data={fields.map((f) => ({ value: f.id, label: f.label }))}
        value={draft.fieldId}
        nothingFoundMessage={t("conditions.noFields")}
        onChange={(fieldId) => {
          const next = fields.find((f) => f.id === fieldId);
          onChange({
            ...draft,
            fieldId,
            op: next ? defaultOperator(next.type) : draft.op,
            value: "",
            from: "",
            to: "",
            choices: [],
          });
        }}
        data-testid="field-condition-field"
      />
      {field && draft.op === "between" && (
        <>
          {operand("from")}
          <Text fz="sm">{t("conditions.from")}</Text>
          {operand("to")}
          <Text fz="sm">{t("conditions.to")}</Text>
        </>
      )}
      {field && ["equals", "contains", "gt", "lt"].includes(draft.op) && operand("value")}
      {field && draft.op === "includes" && (
        <MultiSelect
          size="xs"
          flex="1 1 200px"
          aria-label={t("conditions.value")}
          placeholder={draft.choices.length === 0 ? t("conditions.choicesPlaceholder") : undefined}
          data={[...(field.choices ?? [])]}
          value={draft.choices}
          onChange={(choices) => onChange({ ...draft, choices })}
          data-testid="field-condition-choices"
        />
      )}
      {field && (
        <Select
          size="xs"
          w={150}
          aria-label={t("conditions.operator")}
          data={FIELD_OPERATORS[field.type].map((op) => ({ value: op, label: operatorLabel(op) }))}
          value={draft.op}
          allowDeselect={false}
          onChange={(op) => op && onChange({ ...draft, op: op as FieldOperator })}
          data-testid="field-condition-op"
        />
      )}
      <CloseButton size="sm" aria-label={t("conditions.remove")} onClick={onRemove} />
    </Group>
  );
}
