import { STANDARD_EVENT_TYPES } from "@kizuna/core/segments";
import {
  Button,
  Checkbox,
  CloseButton,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { InfoIcon, PlusIcon } from "../../app/icons.tsx";
import {
  type BuilderCatalog,
  CATEGORIES,
  defaultOp,
  fieldOptions,
  operatorsOf,
  rowValueType,
} from "../catalog.ts";
import {
  anyWindow,
  type DraftRow,
  newProperty,
  newRow,
  type PropertyDraft,
  type PropertyOp,
  type RowField,
} from "../draft.ts";
import { CountInput, ValueTestInput, WindowInput } from "./inputs.tsx";

const SIZE = "xs";

/**
 * One condition: [category › field] then what it must be, in words. The 除外 box turns it
 * into "friends for whom this does not hold".
 */
export function ConditionRow({
  row,
  catalog,
  problems,
  incomplete,
  onChange,
  onRemove,
}: {
  row: DraftRow;
  catalog: BuilderCatalog;
  problems: readonly string[];
  incomplete: boolean;
  onChange: (row: DraftRow) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("segments");
  const options = fieldOptions(catalog);
  const pickerData = CATEGORIES.map((category) => ({
    group: t(`category.${category}`),
    items: options
      .filter((option) => option.category === category)
      .map((option) => ({
        value: option.field,
        label: "key" in option.label ? t(option.label.key as "field.tag") : option.label.text,
      })),
  })).filter((group) => group.items.length > 0);

  const pick = (field: string | null) => {
    if (!field) return;
    const next = newRow(field as RowField, defaultOp(field as RowField, catalog));
    onChange({
      ...next,
      key: row.key,
      exclude: row.exclude,
      ...(field === "event" ? { value: "purchase" } : {}),
      ...(field === "followed"
        ? { window: { ...anyWindow(), type: "last" as const, amount: "30" } }
        : {}),
    });
  };

  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      bg={row.exclude ? "var(--mantine-color-red-light)" : undefined}
      data-testid="condition-row"
      data-field={row.field ?? ""}
      data-incomplete={incomplete ? "true" : "false"}
    >
      <Stack gap={6}>
        <Group gap={6} wrap="wrap" align="center">
          <Select
            size={SIZE}
            w={230}
            aria-label={t("row.field")}
            placeholder={t("row.fieldPlaceholder")}
            data={pickerData}
            value={row.field}
            searchable
            maxDropdownHeight={360}
            onChange={pick}
            data-testid="condition-field"
          />
          {row.field && <RowBody row={row} catalog={catalog} onChange={onChange} />}
          <Group gap={4} ml="auto" wrap="nowrap">
            <Tooltip label={t("row.excludeHint")}>
              <Checkbox
                size="xs"
                color="red"
                label={t("row.exclude")}
                checked={row.exclude}
                onChange={(e) => onChange({ ...row, exclude: e.currentTarget.checked })}
                data-testid="condition-exclude"
              />
            </Tooltip>
            <CloseButton size="sm" aria-label={t("row.remove")} onClick={onRemove} />
          </Group>
        </Group>
        {row.field && <RowActivity row={row} onChange={onChange} />}
        {row.field === "event" && <EventProperties row={row} onChange={onChange} />}
        {incomplete && row.field && (
          <Text fz="xs" c="dimmed" data-testid="condition-incomplete">
            {t("row.incomplete")}
          </Text>
        )}
        {problems.map((problem) => (
          <Text key={problem} fz="xs" c="red" data-testid="condition-problem">
            {problem}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}

function RowBody({
  row,
  catalog,
  onChange,
}: {
  row: DraftRow;
  catalog: BuilderCatalog;
  onChange: (row: DraftRow) => void;
}) {
  const { t } = useTranslation("segments");
  const value = rowValueType(row.field, catalog);
  if (value)
    return (
      <>
        <Text fz="sm">{t("row.ga")}</Text>
        <ValueTestInput
          row={row}
          type={value.type}
          choices={value.choices}
          operators={operatorsOf(value.type)}
          onChange={onChange}
        />
      </>
    );
  const select = (data: { value: string; label: string }[], testId: string, w = 220) => (
    <Select
      size={SIZE}
      w={w}
      aria-label={t("row.field")}
      data={data}
      value={row.op || null}
      allowDeselect={false}
      onChange={(op) => op && onChange({ ...row, op })}
      data-testid={testId}
    />
  );
  switch (row.field) {
    case "tag":
      return (
        <>
          <MultiSelect
            size={SIZE}
            miw={200}
            aria-label={t("field.tag")}
            placeholder={row.choices.length === 0 ? t("tagsPlaceholder") : undefined}
            data={catalog.tags.map((tag) => ({ value: tag.id, label: tag.name }))}
            value={row.choices}
            searchable
            onChange={(choices) => onChange({ ...row, choices })}
            data-testid="condition-choices"
          />
          {select(
            (["any", "all", "none"] as const).map((m) => ({ value: m, label: t(`tagMatch.${m}`) })),
            "condition-op",
          )}
        </>
      );
    case "display_name":
      return (
        <>
          <Text fz="sm">{t("row.ga")}</Text>
          <TextInput
            size={SIZE}
            w={180}
            aria-label={t("value")}
            value={row.value}
            onChange={(e) => onChange({ ...row, value: e.currentTarget.value })}
            data-testid="condition-value"
          />
          <Text fz="sm">{t("op.contains")}</Text>
        </>
      );
    case "follow_status":
      return select(
        (["following", "blocked"] as const).map((s) => ({
          value: s,
          label: t(`followStatus.${s}`),
        })),
        "condition-op",
      );
    case "link":
      return select(
        (["linked", "not_linked"] as const).map((s) => ({ value: s, label: t(`link.${s}`) })),
        "condition-op",
      );
    case "followed":
      return <Text fz="sm">{t("followedLead")}</Text>;
    case "inflow_route":
      return (
        <MultiSelect
          size={SIZE}
          miw={220}
          aria-label={t("field.inflow_route")}
          placeholder={row.choices.length === 0 ? t("routesPlaceholder") : undefined}
          data={[
            { value: "none", label: t("noRoute") },
            ...catalog.routes.map((route) => ({ value: route.id, label: route.name })),
          ]}
          value={row.choices}
          onChange={(choices) => onChange({ ...row, choices })}
          data-testid="condition-choices"
        />
      );
    case "message":
      return (
        <>
          <Select
            size={SIZE}
            w={220}
            aria-label={t("message.campaign")}
            data={[
              { value: "", label: t("message.anyCampaign") },
              ...catalog.campaigns.map((c) => ({
                value: c.id,
                label: c.name ?? c.text.slice(0, 30),
              })),
            ]}
            value={row.value}
            allowDeselect={false}
            onChange={(v) => onChange({ ...row, value: v ?? "" })}
            data-testid="condition-value"
          />
          {select(
            (["received", "clicked"] as const).map((a) => ({
              value: a,
              label: t(`message.${a}`),
            })),
            "condition-op",
            180,
          )}
          <Tooltip label={t("message.opensNote")} multiline w={280} withArrow>
            <Text
              component="span"
              c="dimmed"
              tabIndex={0}
              aria-label={t("message.opensNote")}
              style={{ cursor: "help", display: "inline-flex" }}
            >
              <InfoIcon size={16} />
            </Text>
          </Tooltip>
        </>
      );
    case "postback":
      return (
        <>
          {select(
            (["any", "equals", "starts_with", "contains"] as const).map((o) => ({
              value: o,
              label: t(`postback.${o}`),
            })),
            "condition-op",
            170,
          )}
          {row.op !== "any" && (
            <TextInput
              size={SIZE}
              w={180}
              aria-label={t("value")}
              placeholder={t("postback.dataPlaceholder")}
              value={row.value}
              onChange={(e) => onChange({ ...row, value: e.currentTarget.value })}
              data-testid="condition-value"
            />
          )}
        </>
      );
    case "rich_menu":
      return <RichMenuArea row={row} catalog={catalog} onChange={onChange} />;
    case "form":
      return (
        <TextInput
          size={SIZE}
          w={220}
          aria-label={t("form.formPlaceholder")}
          placeholder={t("form.formPlaceholder")}
          value={row.value}
          onChange={(e) => onChange({ ...row, value: e.currentTarget.value })}
          data-testid="condition-value"
        />
      );
    case "event":
      return <EventType row={row} onChange={onChange} />;
    case "segment":
      return (
        <>
          <Select
            size={SIZE}
            w={240}
            aria-label={t("field.segment")}
            placeholder={t("segmentPlaceholder")}
            data={catalog.segments.map((s) => ({ value: s.id, label: s.name }))}
            value={row.value || null}
            searchable
            onChange={(v) => onChange({ ...row, value: v ?? "" })}
            data-testid="condition-value"
          />
          <Text fz="sm">{t("segmentTrail")}</Text>
        </>
      );
    case "list":
      return (
        <>
          <Select
            size={SIZE}
            w={240}
            aria-label={t("field.list")}
            placeholder={t("listPlaceholder")}
            data={catalog.lists.map((l) => ({ value: l.id, label: l.name }))}
            value={row.value || null}
            searchable
            onChange={(v) => onChange({ ...row, value: v ?? "" })}
            data-testid="condition-value"
          />
          <Text fz="sm">{t("listTrail")}</Text>
        </>
      );
    default:
      return null;
  }
}

const ACTIVITY_FIELDS = new Set<RowField>(["message", "postback", "rich_menu", "form", "event"]);

/** The second line of behaviour and event rows: when, and how often. */
function RowActivity({ row, onChange }: { row: DraftRow; onChange: (row: DraftRow) => void }) {
  if (row.field === "followed")
    return (
      <WindowInput
        window={row.window}
        allowAny={false}
        onChange={(window) => onChange({ ...row, window })}
      />
    );
  if (!row.field || !ACTIVITY_FIELDS.has(row.field)) return null;
  return (
    <Group gap="md" wrap="wrap" pl="xs">
      <WindowInput window={row.window} onChange={(window) => onChange({ ...row, window })} />
      <CountInput count={row.count} onChange={(count) => onChange({ ...row, count })} />
    </Group>
  );
}

/** A menu of the channel (or any), then one of its areas (or any), as LINE lists them. */
function RichMenuArea({
  row,
  catalog,
  onChange,
}: {
  row: DraftRow;
  catalog: BuilderCatalog;
  onChange: (row: DraftRow) => void;
}) {
  const { t } = useTranslation("segments");
  const menu = catalog.richMenus.find((m) => m.richMenuId === row.value);
  // Any menu: the areas of every menu, once each.
  const areas = menu ? menu.areas : [...new Set(catalog.richMenus.flatMap((m) => m.areas))];
  // A saved menu or area LINE no longer lists stays choosable, under its recorded name.
  const menus = [
    { value: "", label: t("richMenu.anyMenu") },
    ...catalog.richMenus.map((m) => ({ value: m.richMenuId, label: m.name })),
    ...(row.value && !menu ? [{ value: row.value, label: row.value }] : []),
  ];
  const areaChoices = [
    { value: "", label: t("richMenu.anyArea") },
    ...areas.map((area) => ({ value: area, label: area })),
    ...(row.extra && !areas.includes(row.extra) ? [{ value: row.extra, label: row.extra }] : []),
  ];
  return (
    <>
      <Select
        size={SIZE}
        w={220}
        aria-label={t("richMenu.menu")}
        data={menus}
        value={row.value}
        allowDeselect={false}
        searchable
        onChange={(v) => {
          const next = catalog.richMenus.find((m) => m.richMenuId === v);
          const keep = !next || next.areas.includes(row.extra);
          onChange({ ...row, value: v ?? "", extra: keep ? row.extra : "" });
        }}
        data-testid="condition-value"
      />
      <Select
        size={SIZE}
        w={200}
        aria-label={t("richMenu.area")}
        data={areaChoices}
        value={row.extra}
        allowDeselect={false}
        searchable
        onChange={(v) => onChange({ ...row, extra: v ?? "" })}
        data-testid="condition-extra"
      />
      {catalog.richMenusFailed && (
        <Text fz="xs" c="dimmed" data-testid="rich-menus-unavailable">
          {t("richMenu.unavailable")}
        </Text>
      )}
    </>
  );
}

function EventType({ row, onChange }: { row: DraftRow; onChange: (row: DraftRow) => void }) {
  const { t } = useTranslation("segments");
  const standard = (STANDARD_EVENT_TYPES as readonly string[]).includes(row.value);
  return (
    <>
      <Select
        size={SIZE}
        w={170}
        aria-label={t("event.type")}
        data={[
          ...STANDARD_EVENT_TYPES.map((type) => ({ value: type, label: t(`event.types.${type}`) })),
          { value: "__custom", label: t("event.custom") },
        ]}
        value={standard ? row.value : "__custom"}
        allowDeselect={false}
        onChange={(v) => onChange({ ...row, value: v === "__custom" ? "" : (v ?? "") })}
        data-testid="event-type"
      />
      {!standard && (
        <TextInput
          size={SIZE}
          w={150}
          aria-label={t("event.custom")}
          placeholder={t("event.customPlaceholder")}
          value={row.value}
          onChange={(e) => onChange({ ...row, value: e.currentTarget.value })}
          data-testid="event-custom-type"
        />
      )}
    </>
  );
}

const PROPERTY_OPS: PropertyOp[] = [
  "gte",
  "lte",
  "gt",
  "lt",
  "between",
  "equals",
  "in",
  "contains",
  "exists",
];

/** 条件: [amount] が [5000] [以上] — every property test must hold for an event to count. */
function EventProperties({ row, onChange }: { row: DraftRow; onChange: (row: DraftRow) => void }) {
  const { t } = useTranslation("segments");
  const set = (key: string, next: PropertyDraft | null) =>
    onChange({
      ...row,
      where: row.where.flatMap((p) => (p.key === key ? (next ? [next] : []) : [p])),
    });
  return (
    <Stack gap={4} pl="xs">
      {row.where.map((p) => (
        <Group key={p.key} gap={6} wrap="wrap" data-testid="event-where">
          <Text fz="sm" c="dimmed">
            {t("event.where")}
          </Text>
          <TextInput
            size={SIZE}
            w={120}
            aria-label={t("event.property")}
            placeholder={t("event.propertyPlaceholder")}
            value={p.property}
            onChange={(e) => set(p.key, { ...p, property: e.currentTarget.value })}
            data-testid="event-property"
          />
          <Text fz="sm">{t("row.ga")}</Text>
          {p.op === "between" ? (
            <>
              <TextInput
                size={SIZE}
                w={90}
                aria-label={t("from")}
                value={p.from}
                onChange={(e) => set(p.key, { ...p, from: e.currentTarget.value })}
              />
              <Text fz="sm">{t("from")}</Text>
              <TextInput
                size={SIZE}
                w={90}
                aria-label={t("to")}
                value={p.to}
                onChange={(e) => set(p.key, { ...p, to: e.currentTarget.value })}
              />
              <Text fz="sm">{t("to")}</Text>
            </>
          ) : p.op === "exists" ? null : (
            <TextInput
              size={SIZE}
              w={130}
              aria-label={t("value")}
              value={p.value}
              onChange={(e) => set(p.key, { ...p, value: e.currentTarget.value })}
              data-testid="event-property-value"
            />
          )}
          <Select
            size={SIZE}
            w={190}
            aria-label={t("event.property")}
            data={PROPERTY_OPS.map((op) => ({ value: op, label: t(`event.propertyOp.${op}`) }))}
            value={p.op}
            allowDeselect={false}
            onChange={(op) => op && set(p.key, { ...p, op: op as PropertyOp })}
            data-testid="event-property-op"
          />
          <CloseButton
            size="sm"
            aria-label={t("event.removeWhere")}
            onClick={() => set(p.key, null)}
          />
        </Group>
      ))}
      <Group>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<PlusIcon size={14} />}
          onClick={() => onChange({ ...row, where: [...row.where, newProperty()] })}
          data-testid="event-add-where"
        >
          {t("event.addWhere")}
        </Button>
      </Group>
    </Stack>
  );
}
