import type { Feature } from "../app/feature.ts";
import { ApiKeysPage } from "./ApiKeysPage.tsx";
import { KeyIcon } from "./KeyIcon.tsx";

/** Settings → API keys for the public API. */
export const apiKeysFeature: Feature = {
  nav: [{ id: "api-keys", path: "/settings/api-keys", label: "apiKeys:nav", icon: KeyIcon }],
  workspaceRoutes: [{ path: "settings/api-keys", element: <ApiKeysPage /> }],
};
