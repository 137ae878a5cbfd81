import type { Feature } from "../app/feature.ts";
import { LinkIcon } from "./LinkIcon.tsx";
import { LinkingPage } from "./LinkingPage.tsx";

/** ID linking: the link rate, the LINE Login channel and each way's settings. */
export const linkingFeature: Feature = {
  nav: [{ id: "linking", path: "/linking", label: "linking:nav", icon: LinkIcon }],
  channelRoutes: [{ path: "linking", element: <LinkingPage /> }],
};
