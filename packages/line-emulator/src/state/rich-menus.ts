import type { JsonObject } from "../json.ts";
import { type EmulatorState, mapFor } from "./state.ts";

// Rich menus of Messaging API channels (REF#rich-menu): the menus, their images, the default
// menu, per-user links, aliases and batch operations.

export type RichMenuSize = { width: number; height: number };
export type RichMenuBounds = { x: number; y: number; width: number; height: number };
export type RichMenuArea = { bounds: RichMenuBounds; action: JsonObject };

export type RichMenuImage = {
  contentType: "image/jpeg" | "image/png";
  data: Buffer;
  width: number;
  height: number;
};

export type RichMenu = {
  richMenuId: string;
  channelId: string;
  size: RichMenuSize;
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: RichMenuArea[];
  createdAt: string;
  /** Set once by upload; LINE refuses to replace it. */
  image?: RichMenuImage;
};

export type RichMenuBatchPhase = "ongoing" | "succeeded" | "failed";

export type RichMenuBatch = {
  requestId: string;
  channelId: string;
  phase: RichMenuBatchPhase;
  acceptedTime: string;
  completedTime?: string;
};

export type RichMenuState = {
  menus: Map<string, RichMenu>;
  /** channelId → its menus in creation order. */
  menusByChannel: Map<string, Map<string, RichMenu>>;
  /** channelId → default rich menu set with the API. */
  defaults: Map<string, string>;
  /** channelId → userId → linked rich menu. */
  userLinks: Map<string, Map<string, string>>;
  /** channelId → alias → rich menu. */
  aliases: Map<string, Map<string, string>>;
  /** request ID of a batch call → its progress. */
  batches: Map<string, RichMenuBatch>;
  /** channelId → resumeRequestKey → when first accepted (LINE keeps them 14 days). */
  resumeKeys: Map<string, Map<string, number>>;
};

type SavedRichMenu = Omit<RichMenu, "image"> & {
  image?: Omit<RichMenuImage, "data"> & { base64: string };
};

export type RichMenuSnapshot = {
  menus: SavedRichMenu[];
  defaults: { channelId: string; richMenuId: string }[];
  userLinks: { channelId: string; userId: string; richMenuId: string }[];
  aliases: { channelId: string; richMenuAliasId: string; richMenuId: string }[];
  batches: RichMenuBatch[];
  resumeKeys: { channelId: string; key: string; acceptedAt: number }[];
};

export function createRichMenuState(): RichMenuState {
  return {
    menus: new Map(),
    menusByChannel: new Map(),
    defaults: new Map(),
    userLinks: new Map(),
    aliases: new Map(),
    batches: new Map(),
    resumeKeys: new Map(),
  };
}

export function addRichMenu(state: EmulatorState, menu: RichMenu): void {
  state.richMenus.menus.set(menu.richMenuId, menu);
  mapFor(state.richMenus.menusByChannel, menu.channelId).set(menu.richMenuId, menu);
}

/** The channel's rich menu with that ID; another channel's menu is as good as missing. */
export function findRichMenu(
  state: EmulatorState,
  channelId: string,
  richMenuId: string,
): RichMenu | undefined {
  const menu = state.richMenus.menus.get(richMenuId);
  return menu?.channelId === channelId ? menu : undefined;
}

export function richMenusOf(state: EmulatorState, channelId: string): RichMenu[] {
  return [...(state.richMenus.menusByChannel.get(channelId)?.values() ?? [])];
}

export function takeRichMenuSnapshot(state: EmulatorState): RichMenuSnapshot {
  const rm = state.richMenus;
  const flat = <T>(outer: Map<string, Map<string, T>>) =>
    [...outer].flatMap(([channelId, inner]) =>
      [...inner].map(([k, v]) => [channelId, k, v] as const),
    );
  return {
    menus: [...rm.menus.values()].map(({ image, ...menu }) =>
      image
        ? {
            ...menu,
            image: {
              contentType: image.contentType,
              width: image.width,
              height: image.height,
              base64: image.data.toString("base64"),
            },
          }
        : menu,
    ),
    defaults: [...rm.defaults].map(([channelId, richMenuId]) => ({ channelId, richMenuId })),
    userLinks: flat(rm.userLinks).map(([channelId, userId, richMenuId]) => ({
      channelId,
      userId,
      richMenuId,
    })),
    aliases: flat(rm.aliases).map(([channelId, richMenuAliasId, richMenuId]) => ({
      channelId,
      richMenuAliasId,
      richMenuId,
    })),
    batches: [...rm.batches.values()],
    resumeKeys: flat(rm.resumeKeys).map(([channelId, key, acceptedAt]) => ({
      channelId,
      key,
      acceptedAt,
    })),
  };
}

export function restoreRichMenuSnapshot(state: EmulatorState, snapshot: RichMenuSnapshot): void {
  const rm = state.richMenus;
  for (const { image, ...menu } of snapshot.menus) {
    addRichMenu(state, {
      ...menu,
      ...(image
        ? {
            image: {
              contentType: image.contentType,
              width: image.width,
              height: image.height,
              data: Buffer.from(image.base64, "base64"),
            },
          }
        : {}),
    });
  }
  for (const { channelId, richMenuId } of snapshot.defaults) rm.defaults.set(channelId, richMenuId);
  for (const { channelId, userId, richMenuId } of snapshot.userLinks) {
    mapFor(rm.userLinks, channelId).set(userId, richMenuId);
  }
  for (const { channelId, richMenuAliasId, richMenuId } of snapshot.aliases) {
    mapFor(rm.aliases, channelId).set(richMenuAliasId, richMenuId);
  }
  for (const batch of snapshot.batches) rm.batches.set(batch.requestId, batch);
  for (const { channelId, key, acceptedAt } of snapshot.resumeKeys) {
    mapFor(rm.resumeKeys, channelId).set(key, acceptedAt);
  }
}
