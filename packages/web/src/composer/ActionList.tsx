import type { Action } from "@kizuna/core/messages";
import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ActionEditor } from "./ActionEditor.tsx";
import { newAction } from "./defaults.ts";
import { move, removeAt, replaceAt } from "./edit.ts";
import { FieldProblems } from "./FieldErrors.tsx";
import { ListControls } from "./ListControls.tsx";

/** A template's buttons. `field` is the list's id (`1.template.actions`); fixed lists keep their count. */
export function ActionList({
  actions,
  onChange,
  field,
  max,
  fixed = false,
}: {
  actions: Action[];
  onChange: (actions: Action[]) => void;
  field: string;
  max: number;
  fixed?: boolean;
}) {
  const { t } = useTranslation("composer");
  return (
    <Stack gap={6}>
      <Text fw={600} fz="sm">
        {t("template.actions", { max })}
      </Text>
      <FieldProblems field={field} />
      {actions.map((action, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: LINE objects carry no ids; the inputs are controlled and keep no state
        <Paper key={i} withBorder p="xs">
          <ActionEditor
            action={action}
            onChange={(next) => onChange(replaceAt(actions, i, next))}
            field={`${field}.${i}`}
            extra={
              fixed ? undefined : (
                <ListControls
                  index={i}
                  count={actions.length}
                  onMove={(by) => onChange(move(actions, i, by))}
                  onRemove={() => onChange(removeAt(actions, i))}
                  canRemove={actions.length > 1}
                />
              )
            }
          />
        </Paper>
      ))}
      {!fixed && (
        <Group>
          <Button
            variant="light"
            size="compact-sm"
            disabled={actions.length >= max}
            onClick={() => onChange([...actions, newAction("message")])}
            data-testid={`add-action-${field}`}
          >
            {t("template.addAction")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
