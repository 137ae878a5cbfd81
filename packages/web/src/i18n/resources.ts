// Translations are split into one namespace per feature, so that features added side by side
// never edit the same JSON file. To add a namespace (say "segments"):
//   1. write locales/ja/segments.json (Japanese is the reference) and locales/en/segments.json
//      with the same keys and placeholders (resources.test.ts checks both);
//   2. import both below and add them to `ja` and `en`;
//   3. in components, `useTranslation("segments")` then `t("title")`. Keys of "common"
//      (errors, header …) resolve from any namespace without a prefix.

import type { Language } from "./language.ts";
import enApiKeys from "./locales/en/apiKeys.json" with { type: "json" };
import enAuth from "./locales/en/auth.json" with { type: "json" };
import enCampaigns from "./locales/en/campaigns.json" with { type: "json" };
import enChannels from "./locales/en/channels.json" with { type: "json" };
import enCommon from "./locales/en/common.json" with { type: "json" };
import enComposer from "./locales/en/composer.json" with { type: "json" };
import enDashboard from "./locales/en/dashboard.json" with { type: "json" };
import enFriendDetail from "./locales/en/friendDetail.json" with { type: "json" };
import enFriendSettings from "./locales/en/friendSettings.json" with { type: "json" };
import enFriends from "./locales/en/friends.json" with { type: "json" };
import enInflowRoutes from "./locales/en/inflowRoutes.json" with { type: "json" };
import enLinking from "./locales/en/linking.json" with { type: "json" };
import enMembers from "./locales/en/members.json" with { type: "json" };
import enSegments from "./locales/en/segments.json" with { type: "json" };
import jaApiKeys from "./locales/ja/apiKeys.json" with { type: "json" };
import jaAuth from "./locales/ja/auth.json" with { type: "json" };
import jaCampaigns from "./locales/ja/campaigns.json" with { type: "json" };
import jaChannels from "./locales/ja/channels.json" with { type: "json" };
import jaCommon from "./locales/ja/common.json" with { type: "json" };
import jaComposer from "./locales/ja/composer.json" with { type: "json" };
import jaDashboard from "./locales/ja/dashboard.json" with { type: "json" };
import jaFriendDetail from "./locales/ja/friendDetail.json" with { type: "json" };
import jaFriendSettings from "./locales/ja/friendSettings.json" with { type: "json" };
import jaFriends from "./locales/ja/friends.json" with { type: "json" };
import jaInflowRoutes from "./locales/ja/inflowRoutes.json" with { type: "json" };
import jaLinking from "./locales/ja/linking.json" with { type: "json" };
import jaMembers from "./locales/ja/members.json" with { type: "json" };
import jaSegments from "./locales/ja/segments.json" with { type: "json" };

const ja = {
  common: jaCommon,
  auth: jaAuth,
  channels: jaChannels,
  dashboard: jaDashboard,
  friends: jaFriends,
  friendDetail: jaFriendDetail,
  friendSettings: jaFriendSettings,
  campaigns: jaCampaigns,
  linking: jaLinking,
  inflowRoutes: jaInflowRoutes,
  members: jaMembers,
  segments: jaSegments,
  apiKeys: jaApiKeys,
  composer: jaComposer,
};

/** The Japanese texts, whose shape types every `t()` call. */
export type Translations = typeof ja;
export type Namespace = keyof Translations;

const en = {
  common: enCommon,
  auth: enAuth,
  channels: enChannels,
  dashboard: enDashboard,
  friends: enFriends,
  friendDetail: enFriendDetail,
  friendSettings: enFriendSettings,
  campaigns: enCampaigns,
  linking: enLinking,
  inflowRoutes: enInflowRoutes,
  members: enMembers,
  segments: enSegments,
  apiKeys: enApiKeys,
  composer: enComposer,
} satisfies Record<Namespace, object>;

export const resources: Record<Language, Record<Namespace, object>> = { ja, en };
export const namespaces = Object.keys(ja) as Namespace[];
/** Shared words (errors, the header, the shell) that every namespace can use unprefixed. */
export const fallbackNamespace = "common" satisfies Namespace;
