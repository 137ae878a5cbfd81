import type { Feature } from "../app/feature.ts";
import { SegmentBuilderPage } from "./SegmentBuilderPage.tsx";
import { SegmentIcon } from "./SegmentIcon.tsx";
import { SegmentsPage } from "./SegmentsPage.tsx";

export const segmentsFeature: Feature = {
  nav: [{ id: "segments", path: "/segments", label: "segments:nav", icon: SegmentIcon }],
  channelRoutes: [
    { path: "segments", element: <SegmentsPage /> },
    { path: "segments/new", element: <SegmentBuilderPage /> },
    { path: "segments/:segmentId", element: <SegmentBuilderPage /> },
  ],
};
