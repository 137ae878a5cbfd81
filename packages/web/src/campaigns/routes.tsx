import type { Feature } from "../app/feature.ts";
import { SendIcon } from "../app/icons.tsx";
import { CampaignResultPage } from "./CampaignResultPage.tsx";
import { CampaignsPage } from "./CampaignsPage.tsx";

export const campaignsFeature: Feature = {
  nav: [{ id: "campaigns", path: "/campaigns", label: "campaigns:nav", icon: SendIcon }],
  channelRoutes: [
    { path: "campaigns", element: <CampaignsPage /> },
    { path: "campaigns/:campaignId", element: <CampaignResultPage /> },
  ],
};
