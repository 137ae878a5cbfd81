import type { Feature } from "../app/feature.ts";
import { InflowRoutesPage } from "./InflowRoutesPage.tsx";
import { RouteIcon } from "./RouteIcon.tsx";

/** 流入経路: URLs and QR codes that record which route brought each friend. */
export const inflowRoutesFeature: Feature = {
  nav: [
    { id: "inflow-routes", path: "/inflow-routes", label: "inflowRoutes:nav", icon: RouteIcon },
  ],
  channelRoutes: [{ path: "inflow-routes", element: <InflowRoutesPage /> }],
};
