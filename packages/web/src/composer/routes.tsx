import type { Feature } from "../app/feature.ts";
import { ComposeIcon } from "./icons.tsx";

/** メッセージ作成: the composer on its own page (campaigns embed ComposerWorkbench). */
export const composerFeature: Feature = {
  nav: [{ id: "composer", path: "/composer", label: "composer:nav", icon: ComposeIcon }],
  channelRoutes: [
    {
      path: "composer",
      // Loaded when opened: the editors and the LINE renderer are a large part of the bundle.
      lazy: async () => ({ Component: (await import("./ComposerPage.tsx")).ComposerPage }),
    },
  ],
};
