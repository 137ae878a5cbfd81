import {
  MAX_MESSAGES,
  MESSAGES_FIELD,
  type Message,
  type PlacedProblem,
} from "@kizuna/core/messages";
import { Button, Group, Menu, Stack, Text } from "@mantine/core";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isUntouched, MESSAGE_KINDS, type MessageKind, newMessage } from "./defaults.ts";
import { move, removeAt, replaceAt } from "./edit.ts";
import { FieldProblems, ProblemsProvider } from "./FieldErrors.tsx";
import { MessageCard } from "./MessageCard.tsx";
import { asJsonProblems, problemsWithin } from "./problems.ts";

/**
 * The messages of one send (1–5 LINE message objects), edited in place: what a campaign embeds
 * with `value` / `onChange`. `problems` (from the validate API) show on their fields.
 */
export function MessageComposer({
  channelId,
  value,
  onChange,
  problems = [],
}: {
  channelId: string;
  value: readonly Message[];
  onChange: (messages: Message[]) => void;
  problems?: readonly PlacedProblem[];
}) {
  const { t } = useTranslation("composer");
  // React keys and "edit as JSON" follow a message when it moves.
  const next = useRef(value.length);
  const [keys, setKeys] = useState<number[]>(() => value.map((_, i) => i));
  const [asJson, setAsJson] = useState<ReadonlySet<number>>(new Set());
  const shownKeys = keys.length === value.length ? keys : value.map((_, i) => i + next.current);

  // Problems of messages nobody has started on yet are not shown (they still block sending).
  const started = useMemo(() => {
    const untouched = value.flatMap((message, i) => (isUntouched(message) ? [String(i)] : []));
    return problems.filter(
      (p) => !untouched.some((field) => p.field === field || p.field.startsWith(`${field}.`)),
    );
  }, [value, problems]);
  const shown = useMemo(
    () =>
      shownKeys.reduce<readonly PlacedProblem[]>(
        (list, key, i) => (asJson.has(key) ? asJsonProblems(list, i) : list),
        started,
      ),
    [shownKeys, asJson, started],
  );

  const update = (messages: Message[], nextKeys: number[]) => {
    setKeys(nextKeys);
    onChange(messages);
  };
  const add = (kind: MessageKind) => {
    const key = next.current++;
    update([...value, newMessage(kind)], [...shownKeys, key]);
  };

  return (
    <ProblemsProvider problems={shown}>
      <Stack gap="sm" data-testid="message-composer">
        {value.length === 0 && (
          <Text c="dimmed" fz="sm">
            {t("composer.empty")}
          </Text>
        )}
        {value.map((message, i) => {
          const key = shownKeys[i]!;
          return (
            <MessageCard
              key={key}
              message={message}
              index={i}
              count={value.length}
              channelId={channelId}
              onChange={(changed) => update(replaceAt(value, i, changed), shownKeys)}
              onMove={(by) => update(move(value, i, by), move(shownKeys, i, by))}
              onRemove={() => update(removeAt(value, i), removeAt(shownKeys, i))}
              asJson={asJson.has(key)}
              onAsJson={(on) => {
                const changed = new Set(asJson);
                if (on) changed.add(key);
                else changed.delete(key);
                setAsJson(changed);
              }}
              problemCount={problemsWithin(started, String(i))}
            />
          );
        })}
        <FieldProblems field={MESSAGES_FIELD} />
        {value.length >= MAX_MESSAGES && (
          <Text fz="sm" c="dimmed" role="status">
            {t("composer.full", { max: MAX_MESSAGES })}
          </Text>
        )}
        <Group justify="space-between">
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button
                variant="light"
                disabled={value.length >= MAX_MESSAGES}
                data-testid="add-message"
              >
                {t("composer.add")}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {MESSAGE_KINDS.map((kind) => (
                <Menu.Item key={kind} onClick={() => add(kind)} data-testid={`add-message-${kind}`}>
                  {t(`kinds.${kind}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Text fz="xs" c="dimmed">
            {t("composer.count", { count: value.length, max: MAX_MESSAGES })}
          </Text>
        </Group>
      </Stack>
    </ProblemsProvider>
  );
}
