import type { Message } from "@kizuna/core/messages";
import { Badge, Card, Grid, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePreview, useReview } from "./api.ts";
import { isUntouched } from "./defaults.ts";
import { FriendPicker } from "./FriendPicker.tsx";
import { LinePreview } from "./LinePreview.tsx";
import { MessageComposer } from "./MessageComposer.tsx";
import { TestSendPanel } from "./TestSendPanel.tsx";

/**
 * The composer with what goes beside it: LINE's checks on every field as the marketer types,
 * the LINE preview (as a chosen friend would get it), and the test send. A campaign page embeds
 * this with `value` / `onChange`.
 */
export function ComposerWorkbench({
  channel,
  value,
  onChange,
  canTestSend,
}: {
  channel: { id: string; name: string };
  value: readonly Message[];
  onChange: (messages: Message[]) => void;
  /** Whether the staff member may test-send (owners and admins). */
  canTestSend: boolean;
}) {
  const { t } = useTranslation("composer");
  const review = useReview(channel.id, value);
  const [previewAs, setPreviewAs] = useState<{ id: string; displayName: string | null } | null>(
    null,
  );
  const preview = usePreview(channel.id, value, previewAs?.id ?? null);
  const problems = review.data?.problems ?? [];
  const checked = review.data !== undefined && !review.isPlaceholderData && !review.isFetching;
  const personalised = previewAs !== null && preview.data !== undefined;
  const shown = personalised ? preview.data.messages : value;
  const previewProblem = personalised ? preview.data.problem : null;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <MessageComposer
          channelId={channel.id}
          value={value}
          onChange={onChange}
          problems={problems}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md" style={{ position: "sticky", top: 16 }}>
          <Card withBorder padding="sm">
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={700}>{t("preview.title")}</Text>
                <ReviewStatus
                  checked={checked}
                  problems={problems.length}
                  empty={value.every(isUntouched)}
                />
              </Group>
              <FriendPicker
                channelId={channel.id}
                value={previewAs?.id ?? null}
                onChange={setPreviewAs}
                label={t("preview.as")}
                placeholder={t("preview.asPlaceholder")}
                nothingFound={t("friendPicker.nothingFound")}
                testId="preview-as"
              />
              {previewProblem && (
                <Text fz="xs" c="red">
                  {t(`preview.problems.${previewProblem.code}`, {
                    number: previewProblem.messageIndex + 1,
                  })}
                </Text>
              )}
              <LinePreview
                channelName={channel.name}
                messages={shown}
                notice={
                  personalised
                    ? t("preview.notice", {
                        name: preview.data.friend?.displayName ?? previewAs.displayName ?? "",
                      })
                    : undefined
                }
              />
            </Stack>
          </Card>
          {canTestSend && (
            <Card withBorder padding="sm">
              <TestSendPanel
                channelId={channel.id}
                messages={value}
                ready={review.data?.valid === true && checked}
              />
            </Card>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function ReviewStatus({
  checked,
  problems,
  empty,
}: {
  checked: boolean;
  problems: number;
  empty: boolean;
}) {
  const { t } = useTranslation("composer");
  if (empty) return null;
  if (!checked) {
    return (
      <Badge variant="light" color="gray" data-testid="review-status" data-state="checking">
        {t("review.checking")}
      </Badge>
    );
  }
  return problems === 0 ? (
    <Badge variant="light" color="line" data-testid="review-status" data-state="valid">
      {t("review.valid")}
    </Badge>
  ) : (
    <Badge variant="light" color="red" data-testid="review-status" data-state="invalid">
      {t("review.problems", { count: problems })}
    </Badge>
  );
}
