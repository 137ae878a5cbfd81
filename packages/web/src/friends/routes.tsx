import type { Feature } from "../app/feature.ts";
import { FriendsIcon } from "../app/icons.tsx";
import { FriendsPage } from "./FriendsPage.tsx";

export const friendsFeature: Feature = {
  nav: [{ id: "friends", path: "/friends", label: "friends:nav", icon: FriendsIcon }],
  channelRoutes: [{ path: "friends", element: <FriendsPage /> }],
};
