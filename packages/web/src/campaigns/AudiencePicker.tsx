import {
  Anchor,
  Group,
  Loader,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useChannelLink } from "../channels/channelParam.ts";
import { formatCount } from "../i18n/format.ts";
import { useLanguage } from "../i18n/useLanguage.ts";
import { useAudienceLists, useSegments } from "../segments/api.ts";
import { useAudienceCount } from "./api.ts";
import { type AudienceDraft, type AudienceKind, audienceOf, MAX_EXCLUSIONS } from "./audience.ts";

/**
 * Who the campaign goes to: every valid friend, a saved segment or an uploaded list, less the
 * friends of the excluded segments and lists; with the live count of recipients.
 */
export function AudiencePicker({
  channelId,
  value,
  onChange,
}: {
  channelId: string;
  value: AudienceDraft;
  onChange: (draft: AudienceDraft) => void;
}) {
  const { t } = useTranslation("campaigns");
  const language = useLanguage();
  const toPage = useChannelLink();
  const segments = useSegments(channelId);
  const lists = useAudienceLists(channelId);
  const audience = audienceOf(value);
  const { count, current } = useAudienceCount(channelId, audience);

  const segmentOptions = (segments.data ?? []).map((s) => ({
    value: s.id,
    label:
      s.lastCount === null
        ? s.name
        : t("audience.withCount", { name: s.name, count: formatCount(s.lastCount, language) }),
  }));
  const listOptions = (lists.data ?? []).map((l) => ({
    value: l.id,
    label: t("audience.withCount", {
      name: l.name,
      count: formatCount(l.matchedFriends, language),
    }),
  }));
  // What is already the audience cannot also be excluded.
  const exclusionOptions = [
    {
      group: t("audience.segments"),
      items: segmentOptions
        .filter((o) => !(value.kind === "segment" && o.value === value.segmentId))
        .map((o) => ({ ...o, value: `segment:${o.value}` })),
    },
    {
      group: t("audience.lists"),
      items: listOptions
        .filter((o) => !(value.kind === "list" && o.value === value.listId))
        .map((o) => ({ ...o, value: `list:${o.value}` })),
    },
  ].filter((group) => group.items.length > 0);

  return (
    <Stack gap="xs" data-testid="audience-picker">
      <Text fz="sm" fw={500}>
        {t("audience.label")}
      </Text>
      <SegmentedControl
        value={value.kind}
        onChange={(kind) => onChange({ ...value, kind: kind as AudienceKind })}
        data={[
          { value: "all_friends", label: t("audience.kinds.all_friends") },
          { value: "segment", label: t("audience.kinds.segment") },
          { value: "list", label: t("audience.kinds.list") },
        ]}
        data-testid="audience-kind"
      />
      {value.kind === "segment" &&
        (segments.data && segments.data.length === 0 ? (
          <Text fz="sm" c="dimmed" data-testid="audience-no-segments">
            {t("audience.noSegments")}{" "}
            <Anchor component={Link} to={toPage("/segments/new")} fz="sm">
              {t("audience.createSegment")}
            </Anchor>
          </Text>
        ) : (
          <Select
            aria-label={t("audience.segment")}
            placeholder={t("audience.segmentPlaceholder")}
            data={segmentOptions}
            value={value.segmentId}
            onChange={(segmentId) =>
              onChange({
                ...value,
                segmentId,
                exclude: value.exclude.filter((key) => key !== `segment:${segmentId}`),
              })
            }
            searchable
            nothingFoundMessage={t("audience.nothingFound")}
            data-testid="audience-segment"
          />
        ))}
      {value.kind === "list" &&
        (lists.data && lists.data.length === 0 ? (
          <Text fz="sm" c="dimmed" data-testid="audience-no-lists">
            {t("audience.noLists")}{" "}
            <Anchor component={Link} to={toPage("/segments")} fz="sm">
              {t("audience.uploadList")}
            </Anchor>
          </Text>
        ) : (
          <Select
            aria-label={t("audience.list")}
            placeholder={t("audience.listPlaceholder")}
            data={listOptions}
            value={value.listId}
            onChange={(listId) =>
              onChange({
                ...value,
                listId,
                exclude: value.exclude.filter((key) => key !== `list:${listId}`),
              })
            }
            searchable
            nothingFoundMessage={t("audience.nothingFound")}
            data-testid="audience-list"
          />
        ))}
      <MultiSelect
        label={t("audience.exclude")}
        description={t("audience.excludeHint", { max: MAX_EXCLUSIONS })}
        placeholder={value.exclude.length === 0 ? t("audience.excludePlaceholder") : undefined}
        data={exclusionOptions}
        value={value.exclude}
        onChange={(exclude) => onChange({ ...value, exclude })}
        maxValues={MAX_EXCLUSIONS}
        searchable
        clearable
        nothingFoundMessage={t("audience.nothingFound")}
        data-testid="audience-exclude"
      />
      <Group gap="xs" aria-live="polite">
        {audience === null ? (
          <Text fz="sm" c="dimmed">
            {value.kind === "segment" ? t("audience.chooseSegment") : t("audience.chooseList")}
          </Text>
        ) : count.data ? (
          <Text
            fz="sm"
            fw={600}
            data-testid="audience-count"
            data-value={current ? count.data.recipients : undefined}
          >
            {t("audience.count", { count: formatCount(count.data.recipients, language) })}
          </Text>
        ) : count.isError ? (
          <Text fz="sm" c="red" data-testid="audience-count-failed">
            {t("audience.countFailed")}
          </Text>
        ) : null}
        {audience !== null && !current && !count.isError && <Loader size="xs" />}
      </Group>
    </Stack>
  );
}
