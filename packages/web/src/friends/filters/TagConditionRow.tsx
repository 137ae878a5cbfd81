import type { TagCondition } from "@kizuna/core/friends";
import { CloseButton, Group, MultiSelect, Select, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Tag } from "../../api/friendData.ts";
import type { TagDraft } from "./filterDraft.ts";

const MATCHES: TagCondition["match"][] = ["any", "all", "none"];

/** タグ: [VIP, セール] のいずれかが付いている */
export function TagConditionRow({
  draft,
  tags,
  onChange,
  onRemove,
}: {
  draft: TagDraft;
  tags: readonly Tag[];
  onChange: (draft: TagDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("friends");
  return (
    <Group gap="xs" wrap="wrap" data-testid="tag-condition">
      <Text fz="sm" fw={500} w={88}>
        {t("conditions.tagLabel")}
      </Text>
      <MultiSelect
        size="xs"
        flex="1 1 220px"
        aria-label={t("conditions.tagLabel")}
        placeholder={draft.tagIds.length === 0 ? t("conditions.tagsPlaceholder") : undefined}
        data={tags.map((tag) => ({ value: tag.id, label: tag.name }))}
        value={draft.tagIds}
        onChange={(tagIds) => onChange({ ...draft, tagIds })}
        searchable
        nothingFoundMessage={t("conditions.noTags")}
        data-testid="tag-condition-tags"
      />
      <Select
        size="xs"
        w={180}
        aria-label={t("conditions.operator")}
        data={MATCHES.map((match) => ({ value: match, label: t(`conditions.tagMatch.${match}`) }))}
        value={draft.match}
        allowDeselect={false}
        onChange={(match) => match && onChange({ ...draft, match: match as TagCondition["match"] })}
        data-testid="tag-condition-match"
      />
      <CloseButton size="sm" aria-label={t("conditions.remove")} onClick={onRemove} />
    </Group>
  );
}
