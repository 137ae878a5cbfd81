import { randomBytes } from "node:crypto";
import type { LineError } from "../messaging/errors.ts";
import { err, ok, type Result } from "../result.ts";
import { followStatus } from "../state/friendships.ts";
import {
  addRichMenu,
  findRichMenu,
  type RichMenu,
  type RichMenuImage,
  richMenusOf,
} from "../state/rich-menus.ts";
import { type EmulatorState, mapFor } from "../state/state.ts";
import { isUserIdFormat, isUserOf } from "../users-api/user-id.ts";
import {
  IMAGE_ALREADY_UPLOADED,
  IMAGE_NOT_ALLOWED,
  INVALID_USER_ID,
  MENU_NOT_FOUND,
  NO_DEFAULT_MENU,
  NO_IMAGE,
  TOO_MANY_MENUS,
  USER_HAS_NO_MENU,
} from "./errors.ts";
import { readImageInfo } from "./image.ts";
import type { RichMenuInput } from "./validate.ts";
import { MAX_WIDTH, MIN_ASPECT_RATIO, MIN_HEIGHT, MIN_WIDTH } from "./validate.ts";

/** LINE: up to 1,000 rich menus per LINE Official Account through the API (REF#create-rich-menu). */
export const MAX_RICH_MENUS = 1000;
/** LINE: a rich menu image may be at most 1 MB (REF#upload-rich-menu-image). */
export const MAX_IMAGE_BYTES = 1024 * 1024;

export const RICH_MENU_ID_PATTERN = /^richmenu-[0-9a-f]{32}$/;

/** `richmenu-` + 32 hex digits, like LINE's IDs. */
export function newRichMenuId(): string {
  return `richmenu-${randomBytes(16).toString("hex")}`;
}

export function createRichMenu(
  state: EmulatorState,
  channelId: string,
  input: RichMenuInput,
  nowMs: number,
): Result<RichMenu, LineError> {
  if (richMenusOf(state, channelId).length >= MAX_RICH_MENUS) return err(TOO_MANY_MENUS);
  let richMenuId = newRichMenuId();
  while (state.richMenus.menus.has(richMenuId)) richMenuId = newRichMenuId();
  const menu: RichMenu = {
    richMenuId,
    channelId,
    ...input,
    createdAt: new Date(nowMs).toISOString(),
  };
  addRichMenu(state, menu);
  state.changed();
  return ok(menu);
}

/** Deletes a menu and everything that pointed at it: the default, user links and aliases. */
export function deleteRichMenu(
  state: EmulatorState,
  channelId: string,
  richMenuId: string,
): Result<void, LineError> {
  if (!findRichMenu(state, channelId, richMenuId)) return err(MENU_NOT_FOUND);
  const rm = state.richMenus;
  rm.menus.delete(richMenuId);
  rm.menusByChannel.get(channelId)?.delete(richMenuId);
  if (rm.defaults.get(channelId) === richMenuId) rm.defaults.delete(channelId);
  for (const links of [rm.userLinks.get(channelId), rm.aliases.get(channelId)]) {
    for (const [key, linked] of links ?? []) if (linked === richMenuId) links!.delete(key);
  }
  state.changed();
  return ok(undefined);
}

/**
 * Attaches the image: JPEG or PNG, at most 1 MB, 800–2500 px wide, at least 250 px high, width /
 * height ≥ 1.45, and the size the menu declared (its areas are laid out on it). Once only.
 */
export function uploadRichMenuImage(
  state: EmulatorState,
  channelId: string,
  richMenuId: string,
  data: Buffer,
): Result<void, LineError> {
  const menu = findRichMenu(state, channelId, richMenuId);
  if (!menu) return err(MENU_NOT_FOUND);
  if (menu.image) return err(IMAGE_ALREADY_UPLOADED);
  const info = readImageInfo(data);
  if (
    !info ||
    data.length > MAX_IMAGE_BYTES ||
    info.width < MIN_WIDTH ||
    info.width > MAX_WIDTH ||
    info.height < MIN_HEIGHT ||
    info.width / info.height < MIN_ASPECT_RATIO ||
    info.width !== menu.size.width ||
    info.height !== menu.size.height
  ) {
    return err(IMAGE_NOT_ALLOWED);
  }
  const image: RichMenuImage = {
    contentType: info.format,
    data,
    width: info.width,
    height: info.height,
  };
  menu.image = image;
  state.changed();
  return ok(undefined);
}

/** A menu that can be shown: it exists in this channel and has its image. */
export function showableMenu(
  state: EmulatorState,
  channelId: string,
  richMenuId: string,
): Result<RichMenu, LineError> {
  const menu = findRichMenu(state, channelId, richMenuId);
  if (!menu) return err(MENU_NOT_FOUND);
  if (!menu.image) return err(NO_IMAGE);
  return ok(menu);
}

/**
 * Links a menu to one user. LINE answers 200 but links nothing for users who are not friends or
 * not known to the channel (REF#link-rich-menu-to-user).
 */
export function linkRichMenuToUser(
  state: EmulatorState,
  channelId: string,
  userId: string,
  richMenuId: string,
): Result<void, LineError> {
  if (!isUserIdFormat(userId)) return err(INVALID_USER_ID);
  const menu = showableMenu(state, channelId, richMenuId);
  if (!menu.ok) return menu;
  if (canHaveMenu(state, channelId, userId)) {
    mapFor(state.richMenus.userLinks, channelId).set(userId, richMenuId);
    state.changed();
  }
  return ok(undefined);
}

export function canHaveMenu(state: EmulatorState, channelId: string, userId: string): boolean {
  return (
    isUserOf(state, channelId, userId) && followStatus(state, channelId, userId) === "following"
  );
}

export function unlinkRichMenuFromUser(
  state: EmulatorState,
  channelId: string,
  userId: string,
): Result<void, LineError> {
  if (!isUserIdFormat(userId)) return err(INVALID_USER_ID);
  if (state.richMenus.userLinks.get(channelId)?.delete(userId)) state.changed();
  return ok(undefined);
}

export function richMenuIdOfUser(
  state: EmulatorState,
  channelId: string,
  userId: string,
): Result<string, LineError> {
  if (!isUserIdFormat(userId)) return err(INVALID_USER_ID);
  const linked = state.richMenus.userLinks.get(channelId)?.get(userId);
  return linked ? ok(linked) : err(USER_HAS_NO_MENU);
}

export function setDefaultRichMenu(
  state: EmulatorState,
  channelId: string,
  richMenuId: string,
): Result<void, LineError> {
  const menu = showableMenu(state, channelId, richMenuId);
  if (!menu.ok) return menu;
  state.richMenus.defaults.set(channelId, richMenuId);
  state.changed();
  return ok(undefined);
}

export function defaultRichMenuId(
  state: EmulatorState,
  channelId: string,
): Result<string, LineError> {
  const id = state.richMenus.defaults.get(channelId);
  return id ? ok(id) : err(NO_DEFAULT_MENU);
}

export function cancelDefaultRichMenu(state: EmulatorState, channelId: string): void {
  if (state.richMenus.defaults.delete(channelId)) state.changed();
}

/** The rich menu response object (OAS RichMenuResponse). */
export function richMenuResponse(menu: RichMenu) {
  return {
    richMenuId: menu.richMenuId,
    size: menu.size,
    selected: menu.selected,
    name: menu.name,
    chatBarText: menu.chatBarText,
    areas: menu.areas,
  };
}
