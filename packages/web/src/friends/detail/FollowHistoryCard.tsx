import { Text, Timeline } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { TimelineItem } from "../../api/friendData.ts";
import { formatDateTime } from "../../i18n/format.ts";
import { useLanguage } from "../../i18n/useLanguage.ts";
import { Section } from "./Section.tsx";

/** Follows, blocks and returns, newest first. */
export function FollowHistoryCard({ history }: { history: readonly TimelineItem[] }) {
  const { t } = useTranslation("friendDetail");
  const language = useLanguage();
  return (
    <Section title={t("history.title")} testId="friend-follow-history">
      {history.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t("history.none")}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} active={0}>
          {history.map((item) => (
            <Timeline.Item
              key={item.id}
              color={item.kind === "blocked" ? "red" : "line"}
              title={
                <Text fz="sm">{t(`timeline.kind.${item.kind}`, { name: "", label: "" })}</Text>
              }
            >
              <Text fz="xs" c="dimmed">
                {formatDateTime(item.occurredAt, language)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Section>
  );
}
