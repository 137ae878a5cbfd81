import { Badge, Button, Center, Group, Loader, Text, Timeline } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type TimelineItem, useFriendTimeline } from "../../api/friendData.ts";
import { formatDateTime } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { formatFieldValue } from "../fieldValues.ts";
import { Section } from "./Section.tsx";
import { actorOf, timelineHeadlineValues, timelineSubject } from "./timelineText.ts";

const COLORS: Partial<Record<TimelineItem["kind"], string>> = {
  followed: "line",
  unblocked: "line",
  blocked: "red",
  message_received: "blue",
  tag_added: "grape",
  tag_removed: "gray",
  field_changed: "orange",
  note_added: "yellow",
  linked: "cyan",
  unlinked: "gray",
};

/** Every interaction with the friend, newest first, twenty at a time. */
export function FriendTimelineCard({
  channelId,
  friendId,
}: {
  channelId: string;
  friendId: string;
}) {
  const { t } = useTranslation("friendDetail");
  const language = useLanguage();
  const timeline = useFriendTimeline(channelId, friendId);
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const show = (value: unknown) =>
    value === null || value === undefined
      ? "—"
      : formatFieldValue(value as string | number | string[], language);
  return (
    <Section title={t("timeline.title")} testId="friend-timeline">
      {timeline.isPending ? (
        <Center py="md">
          <Loader size="sm" />
        </Center>
      ) : items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t("timeline.none")}
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {items.map((item) => {
            const subject = timelineSubject(item, show);
            return (
              <Timeline.Item
                key={item.id}
                color={COLORS[item.kind] ?? "gray"}
                data-testid="timeline-item"
                data-kind={item.kind}
                title={
                  <Group gap={6}>
                    <Text fz="sm" fw={500}>
                      {t(`timeline.kind.${item.kind}`, timelineHeadlineValues(item))}
                    </Text>
                    <Badge size="xs" variant="light" color="gray">
                      {t(`timeline.by.${actorOf(item)}`)}
                    </Badge>
                  </Group>
                }
              >
                {subject?.kind === "text" && (
                  <Text fz="sm" c="dark.6" lineClamp={3} style={{ whiteSpace: "pre-wrap" }}>
                    {subject.text}
                  </Text>
                )}
                {subject?.kind === "change" && (
                  <Text fz="sm">
                    {t("timeline.fieldChange", { from: subject.from, to: subject.to })}
                  </Text>
                )}
                <Text fz="xs" c="dimmed" mt={2}>
                  {formatDateTime(item.occurredAt, language)}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {timeline.hasNextPage && (
        <Group justify="center" mt="md">
          <Button
            variant="default"
            size="xs"
            loading={timeline.isFetchingNextPage}
            onClick={() => void timeline.fetchNextPage()}
            data-testid="timeline-more"
          >
            {t("timeline.more")}
          </Button>
        </Group>
      )}
    </Section>
  );
}
