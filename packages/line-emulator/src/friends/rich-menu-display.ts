import type { EmulatorContext } from "../context.ts";
import { findRichMenu, type RichMenu } from "../state/rich-menus.ts";
import { mapFor } from "../state/state.ts";

// Which rich menu a friend's chat shows, and what a rich menu switch action does to it.

/**
 * The menu the bot gives this user: per-user link, else the channel's default set with the API
 * (REF#link-rich-menu-to-user). Only menus with an image are shown.
 */
function assignedRichMenu(
  ctx: EmulatorContext,
  channelId: string,
  userId: string,
): RichMenu | undefined {
  const rm = ctx.state.richMenus;
  for (const id of [rm.userLinks.get(channelId)?.get(userId), rm.defaults.get(channelId)]) {
    const menu = id === undefined ? undefined : findRichMenu(ctx.state, channelId, id);
    if (menu?.image) return menu;
  }
  return undefined;
}

/** The menu on the friend's screen: the one a switch action showed, while the bot's choice is unchanged. */
export function displayedRichMenu(
  ctx: EmulatorContext,
  channelId: string,
  userId: string,
): RichMenu | undefined {
  const assigned = assignedRichMenu(ctx, channelId, userId);
  const switched = ctx.state.chats.switchedMenus.get(channelId)?.get(userId);
  if (switched && switched.over === assigned?.richMenuId) {
    const menu = findRichMenu(ctx.state, channelId, switched.richMenuId);
    if (menu?.image) return menu;
  }
  return assigned;
}

/** `postback.params.status` of a rich menu switch (REF#postback-event). */
export type RichMenuSwitchStatus =
  | "SUCCESS"
  | "RICHMENU_ALIAS_ID_NOTFOUND"
  | "RICHMENU_NOTFOUND"
  | "FAILED";

/** Shows the menu an alias points to, as the LINE app does on a `richmenuswitch` tap. */
export function switchRichMenu(
  ctx: EmulatorContext,
  channelId: string,
  userId: string,
  richMenuAliasId: string,
): RichMenuSwitchStatus {
  const richMenuId = ctx.state.richMenus.aliases.get(channelId)?.get(richMenuAliasId);
  if (richMenuId === undefined) return "RICHMENU_ALIAS_ID_NOTFOUND";
  const menu = findRichMenu(ctx.state, channelId, richMenuId);
  if (!menu?.image) return "RICHMENU_NOTFOUND";
  const over = assignedRichMenu(ctx, channelId, userId)?.richMenuId;
  mapFor(ctx.state.chats.switchedMenus, channelId).set(userId, { richMenuId, over });
  return "SUCCESS";
}
