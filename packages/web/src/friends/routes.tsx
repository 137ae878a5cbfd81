import type { Feature } from "../app/feature.ts";
import { FriendsIcon, TagIcon } from "../app/icons.tsx";
import { FriendDetailPage } from "./detail/FriendDetailPage.tsx";
import { FriendsPage } from "./FriendsPage.tsx";
import { FriendDataSettingsPage } from "./settings/FriendDataSettingsPage.tsx";

export const friendsFeature: Feature = {
  nav: [
    { id: "friends", path: "/friends", label: "friends:nav", icon: FriendsIcon },
    { id: "friend-settings", path: "/tags-fields", label: "friendSettings:nav", icon: TagIcon },
  ],
  channelRoutes: [
    { path: "friends", element: <FriendsPage /> },
    { path: "friends/:friendId", element: <FriendDetailPage /> },
    { path: "tags-fields", element: <FriendDataSettingsPage /> },
  ],
};
