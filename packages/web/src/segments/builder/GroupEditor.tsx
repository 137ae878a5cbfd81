import {
  Button,
  Checkbox,
  CloseButton,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PlusIcon } from "../../app/icons.tsx";
import type { BuilderCatalog } from "../catalog.ts";
import { type DraftGroup, type DraftItem, newGroup, newRow } from "../draft.ts";
import { ConditionRow } from "./ConditionRow.tsx";

/**
 * 条件グループ: "次の条件の [すべて | いずれか] に当てはまる友だち", its rows and nested groups.
 * A nested group can be 除外 as a whole: "… に当てはまる友だちを除外".
 */
export function GroupEditor({
  group,
  catalog,
  problems,
  incomplete,
  depth,
  onChange,
  onRemove,
}: {
  group: DraftGroup;
  catalog: BuilderCatalog;
  problems: ReadonlyMap<string, string[]>;
  incomplete: ReadonlySet<string>;
  depth: number;
  onChange: (group: DraftGroup) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation("segments");
  const setChild = (key: string, next: DraftItem | null) =>
    onChange({
      ...group,
      children: group.children.flatMap((child) =>
        child.key === key ? (next ? [next] : []) : [child],
      ),
    });
  const body = (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        <Text fz="sm" fw={500}>
          {t("group.lead")}
        </Text>
        <SegmentedControl
          size="xs"
          value={group.match}
          onChange={(match) => onChange({ ...group, match: match as DraftGroup["match"] })}
          data={[
            { value: "all", label: t("group.all") },
            { value: "any", label: t("group.any") },
          ]}
          data-testid="group-match"
        />
        <Text fz="sm" fw={500}>
          {group.exclude ? t("group.excludedTrail") : t("group.trail")}
        </Text>
        {onRemove && (
          <Group gap={4} ml="auto">
            <Checkbox
              size="xs"
              color="red"
              label={t("row.exclude")}
              checked={group.exclude}
              onChange={(e) => onChange({ ...group, exclude: e.currentTarget.checked })}
              data-testid="group-exclude"
            />
            <CloseButton size="sm" aria-label={t("group.remove")} onClick={onRemove} />
          </Group>
        )}
      </Group>
      {group.children.length === 0 && (
        <Text fz="sm" c="dimmed">
          {t("group.empty")}
        </Text>
      )}
      {group.children.map((child, index) => (
        <Stack key={child.key} gap={4}>
          {index > 0 && (
            <Text fz="xs" c="dimmed" pl="xs">
              {group.match === "all" ? t("row.and") : t("row.or")}
            </Text>
          )}
          {child.type === "group" ? (
            <GroupEditor
              group={child}
              catalog={catalog}
              problems={problems}
              incomplete={incomplete}
              depth={depth + 1}
              onChange={(next) => setChild(child.key, next)}
              onRemove={() => setChild(child.key, null)}
            />
          ) : (
            <ConditionRow
              row={child}
              catalog={catalog}
              problems={problems.get(child.key) ?? []}
              incomplete={incomplete.has(child.key)}
              onChange={(next) => setChild(child.key, next)}
              onRemove={() => setChild(child.key, null)}
            />
          )}
        </Stack>
      ))}
      {(problems.get(group.key) ?? []).map((problem) => (
        <Text key={problem} fz="xs" c="red" data-testid="condition-problem">
          {problem}
        </Text>
      ))}
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<PlusIcon size={14} />}
          onClick={() => onChange({ ...group, children: [...group.children, newRow()] })}
          data-testid="add-condition"
        >
          {t("group.addCondition")}
        </Button>
        {depth < 4 && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<PlusIcon size={14} />}
            onClick={() =>
              onChange({
                ...group,
                children: [
                  ...group.children,
                  newGroup(group.match === "all" ? "any" : "all", [newRow()]),
                ],
              })
            }
            data-testid="add-group"
          >
            {t("group.addGroup")}
          </Button>
        )}
      </Group>
    </Stack>
  );
  if (depth === 0) return body;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      bg={group.exclude ? "var(--mantine-color-red-light)" : "var(--mantine-color-gray-light)"}
      data-testid="condition-group"
    >
      {body}
    </Paper>
  );
}
