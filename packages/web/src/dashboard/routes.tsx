import type { Feature } from "../app/feature.ts";
import { DashboardIcon } from "../app/icons.tsx";
import { DashboardPage } from "./DashboardPage.tsx";

export const dashboardFeature: Feature = {
  nav: [{ id: "dashboard", path: "/", label: "dashboard:nav", icon: DashboardIcon }],
  channelRoutes: [{ index: true, element: <DashboardPage /> }],
};
