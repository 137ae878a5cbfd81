import type { Feature } from "../app/feature.ts";
import { MembersIcon } from "./icons.tsx";
import { ImportPage } from "./import/ImportPage.tsx";
import { MemberDetailPage } from "./MemberDetailPage.tsx";
import { MembersPage } from "./MembersPage.tsx";

/** 会員: the company's member records, their CSV import, one member's page. */
export const membersFeature: Feature = {
  nav: [{ id: "members", path: "/members", label: "members:nav", icon: MembersIcon }],
  workspaceRoutes: [
    { path: "members", element: <MembersPage /> },
    { path: "members/import", element: <ImportPage /> },
    { path: "members/import/:importId", element: <ImportPage /> },
    { path: "members/:externalId", element: <MemberDetailPage /> },
  ],
};
