import type { ParseKeys } from "i18next";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import type { Namespace } from "../i18n/resources.ts";
import type { IconProps } from "./icons.tsx";

/** A translation key with its namespace, such as "friends:nav". */
export type NamespacedKey = Extract<ParseKeys<Namespace[]>, `${Namespace}:${string}`>;

/** One link in the left navbar. */
export interface NavEntry {
  /** Names the link for tests: `data-testid="nav-<id>"`. */
  id: string;
  /** Absolute path; the link is active on this path and below it ("/" only on itself). */
  path: string;
  label: NamespacedKey;
  icon: ComponentType<IconProps>;
}

/**
 * What a feature plugs into the app: one `routes.tsx` per feature folder exports a
 * `Feature`, and src/app/routes.tsx lists it once. Nav links appear in list order.
 */
export interface Feature {
  nav?: readonly NavEntry[];
  /** Pages about the current channel; inside them `useCurrentChannel()` is always set. */
  channelRoutes?: RouteObject[];
  /** Pages that need no channel (team, API keys …); they work before any channel exists. */
  workspaceRoutes?: RouteObject[];
}
