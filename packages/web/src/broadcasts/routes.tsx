import type { Feature } from "../app/feature.ts";
import { SendIcon } from "../app/icons.tsx";
import { BroadcastsPage } from "./BroadcastsPage.tsx";

export const broadcastsFeature: Feature = {
  nav: [{ id: "broadcasts", path: "/broadcasts", label: "broadcasts:nav", icon: SendIcon }],
  channelRoutes: [{ path: "broadcasts", element: <BroadcastsPage /> }],
};
