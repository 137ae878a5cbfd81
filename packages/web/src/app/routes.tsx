import { createBrowserRouter, type RouteObject } from "react-router";
import { apiKeysFeature } from "../api-keys/routes.tsx";
import { campaignsFeature } from "../campaigns/routes.tsx";
import { ChannelWorkspace } from "../channels/ChannelWorkspace.tsx";
import { composerFeature } from "../composer/routes.tsx";
import { dashboardFeature } from "../dashboard/routes.tsx";
import { friendsFeature } from "../friends/routes.tsx";
import { inflowRoutesFeature } from "../inflow-routes/routes.tsx";
import { linkingFeature } from "../linking/routes.tsx";
import { membersFeature } from "../members/routes.tsx";
import { segmentsFeature } from "../segments/routes.tsx";
import type { Feature, NavEntry } from "./feature.ts";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { SessionGate } from "./SessionGate.tsx";

/**
 * Every feature of the admin UI, in navbar order. A new feature writes its own
 * `src/<feature>/routes.tsx` exporting a `Feature` and adds one line here.
 */
export const features: readonly Feature[] = [
  dashboardFeature,
  friendsFeature,
  segmentsFeature,
  campaignsFeature,
  composerFeature,
  linkingFeature,
  inflowRoutesFeature,
  membersFeature,
  apiKeysFeature,
];

export const navEntries: readonly NavEntry[] = features.flatMap((feature) => feature.nav ?? []);

export const appRoutes: RouteObject[] = [
  {
    // Signs the visitor in on whatever path they opened, then renders the shell around the page.
    path: "/",
    element: <SessionGate />,
    children: [
      {
        element: <ChannelWorkspace />,
        children: features.flatMap((feature) => feature.channelRoutes ?? []),
      },
      ...features.flatMap((feature) => feature.workspaceRoutes ?? []),
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(appRoutes);
}
