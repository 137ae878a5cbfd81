import {
  Button,
  Group,
  Menu,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CustomField, InflowRouteName, Tag } from "../../api/friendData.ts";
import type { FriendStatus } from "../../api/types.ts";
import { FriendsIcon, PlusIcon, SearchIcon, TagIcon } from "../../app/icons.tsx";
import { FieldConditionRow } from "./FieldConditionRow.tsx";
import { type FilterDraft, newFieldDraft, newTagDraft } from "./filterDraft.ts";
import { TagConditionRow } from "./TagConditionRow.tsx";

/**
 * The friend list's conditions in a marketer's words: name, ステータス, 連携状態, 流入経路,
 * and any number of タグ and 友だち情報 conditions, all of which must hold.
 */
export function FriendsFilterBar({
  draft,
  onChange,
  tags,
  fields,
  routes,
}: {
  draft: FilterDraft;
  onChange: (draft: FilterDraft) => void;
  tags: readonly Tag[];
  fields: readonly CustomField[];
  routes: readonly InflowRouteName[];
}) {
  const { t } = useTranslation("friends");
  const set = (part: Partial<FilterDraft>) => onChange({ ...draft, ...part });
  return (
    <Stack gap="sm">
      <Group gap="sm" align="center">
        <TextInput
          flex="1 1 200px"
          type="search"
          aria-label={t("searchLabel")}
          placeholder={t("searchLabel")}
          leftSection={<SearchIcon size={16} />}
          value={draft.search}
          onChange={(event) => set({ search: event.currentTarget.value })}
          data-testid="friends-search"
        />
        <SegmentedControl
          aria-label={t("filterLabel")}
          value={draft.status ?? "all"}
          onChange={(status) => set({ status: status === "all" ? null : (status as FriendStatus) })}
          data={[
            { value: "all", label: t("filter.all") },
            { value: "following", label: t("filter.following") },
            { value: "blocked", label: t("filter.blocked") },
          ]}
          data-testid="friends-status-filter"
        />
        <Select
          w={170}
          aria-label={t("conditions.link")}
          data={[
            { value: "any", label: t("conditions.linkAny") },
            { value: "linked", label: t("conditions.linked") },
            { value: "not_linked", label: t("conditions.notLinked") },
          ]}
          value={draft.link ?? "any"}
          allowDeselect={false}
          onChange={(link) =>
            set({ link: link === "linked" || link === "not_linked" ? link : null })
          }
          data-testid="friends-link-filter"
        />
        <MultiSelect
          flex="0 1 240px"
          aria-label={t("conditions.routes")}
          placeholder={draft.routes.length === 0 ? t("conditions.routesPlaceholder") : undefined}
          data={[
            { value: "none", label: t("conditions.noRoute") },
            ...routes.map((route) => ({ value: route.id, label: route.name })),
          ]}
          value={draft.routes}
          onChange={(routeIds) => set({ routes: routeIds })}
          data-testid="friends-route-filter"
        />
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              variant="light"
              leftSection={<PlusIcon size={16} />}
              data-testid="add-condition"
            >
              {t("conditions.add")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              leftSection={<TagIcon size={16} />}
              onClick={() => set({ tags: [...draft.tags, newTagDraft()] })}
              data-testid="add-tag-condition"
            >
              {t("conditions.addTag")}
            </Menu.Item>
            <Menu.Item
              leftSection={<FriendsIcon size={16} />}
              onClick={() => set({ fields: [...draft.fields, newFieldDraft()] })}
              data-testid="add-field-condition"
            >
              {t("conditions.addField")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      {draft.tags.map((tagDraft) => (
        <TagConditionRow
          key={tagDraft.key}
          draft={tagDraft}
          tags={tags}
          onChange={(next) =>
            set({ tags: draft.tags.map((d) => (d.key === tagDraft.key ? next : d)) })
          }
          onRemove={() => set({ tags: draft.tags.filter((d) => d.key !== tagDraft.key) })}
        />
      ))}
      {draft.fields.map((fieldDraft) => (
        <FieldConditionRow
          key={fieldDraft.key}
          draft={fieldDraft}
          fields={fields}
          onChange={(next) =>
            set({ fields: draft.fields.map((d) => (d.key === fieldDraft.key ? next : d)) })
          }
          onRemove={() => set({ fields: draft.fields.filter((d) => d.key !== fieldDraft.key) })}
        />
      ))}
    </Stack>
  );
}
