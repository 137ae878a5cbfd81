import { Button, CloseButton, Group, MultiSelect, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type FriendDetail,
  useAddFriendTags,
  useRemoveFriendTag,
  useTags,
} from "../../api/friendData.ts";
import { TagBadge } from "../TagBadge.tsx";
import { Section } from "./Section.tsx";

export function FriendTagsCard({ channelId, friend }: { channelId: string; friend: FriendDetail }) {
  const { t } = useTranslation("friendDetail");
  const tags = useTags(channelId);
  const add = useAddFriendTags(channelId, friend.id);
  const remove = useRemoveFriendTag(channelId, friend.id);
  const [chosen, setChosen] = useState<string[]>([]);
  const has = new Set(friend.tags.map((tag) => tag.id));
  const addable = (tags.data ?? []).filter((tag) => !has.has(tag.id));
  return (
    <Section title={t("tags.title")} testId="friend-tags">
      {friend.tags.length === 0 ? (
        <Text fz="sm" c="dimmed" mb="sm">
          {t("tags.none")}
        </Text>
      ) : (
        <Group gap={6} mb="sm">
          {friend.tags.map((tag) => (
            <TagBadge
              key={tag.id}
              tag={tag}
              size="md"
              rightSection={
                <CloseButton
                  size="xs"
                  variant="transparent"
                  aria-label={t("tags.remove", { name: tag.name })}
                  onClick={() => remove.mutate(tag.id)}
                />
              }
            />
          ))}
        </Group>
      )}
      <Group gap="xs" align="flex-end">
        <MultiSelect
          flex={1}
          size="sm"
          aria-label={t("tags.choose")}
          placeholder={chosen.length === 0 ? t("tags.choose") : undefined}
          data={addable.map((tag) => ({ value: tag.id, label: tag.name }))}
          value={chosen}
          onChange={setChosen}
          searchable
          data-testid="friend-tags-choose"
        />
        <Button
          disabled={chosen.length === 0}
          loading={add.isPending}
          onClick={() => add.mutate(chosen, { onSuccess: () => setChosen([]) })}
          data-testid="friend-tags-add"
        >
          {t("tags.add")}
        </Button>
      </Group>
    </Section>
  );
}
