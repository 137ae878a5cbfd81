import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useAudienceLists, useSegments } from "../segments/api.ts";
import type { AudienceDescription } from "./audience.ts";
import type { AudienceNames } from "./types.ts";

/** An audience in a sentence: 「セグメント「VIP」（除外：リスト「退会予定」）」. */
export function useAudienceText(): (audience: AudienceDescription) => string {
  const { t } = useTranslation("campaigns");
  return useCallback(
    (audience) => {
      const named = (type: AudienceDescription["kind"], name: string | null) =>
        type === "all_friends"
          ? t("audience.describe.all_friends")
          : t(`audience.describe.${type}`, { name: name ?? t("audience.describe.deleted") });
      const base = named(audience.kind, audience.name);
      if (audience.exclude.length === 0) return base;
      const names = audience.exclude
        .map((e) => named(e.type, e.name))
        .join(t("audience.separator"));
      return t("audience.describe.excluding", { audience: base, names });
    },
    [t],
  );
}

/** The names of the channel's segments and lists, for an audience being picked. */
export function useAudienceNames(channelId: string): AudienceNames {
  const segments = useSegments(channelId);
  const lists = useAudienceLists(channelId);
  return {
    segments: Object.fromEntries((segments.data ?? []).map((s) => [s.id, s.name])),
    lists: Object.fromEntries((lists.data ?? []).map((l) => [l.id, l.name])),
  };
}
