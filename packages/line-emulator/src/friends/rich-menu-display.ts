import type { EmulatorContext } from "../context.ts";
import { richMenuForAlias, richMenuShownTo, type ShownRichMenu } from "../rich-menus/resolve.ts";
import { mapFor } from "../state/state.ts";

// Which rich menu a friend's chat shows, and what a rich menu switch action does to it.

/**
 * The menu on the friend's screen: the one a switch action showed, while the bot's choice
 * (per-user link, else default) is unchanged since; otherwise the bot's choice.
 */
export function displayedRichMenu(
  ctx: EmulatorContext,
  channelId: string,
  userId: string,
): ShownRichMenu | undefined {
  const assigned = richMenuShownTo(ctx.state, channelId, userId);
  const switched = ctx.state.chats.switchedMenus.get(channelId)?.get(userId);
  if (switched && switched.over === assigned?.richMenuId) {
    return richMenuForAlias(ctx.state, channelId, switched.richMenuAliasId) ?? assigned;
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
  if (!ctx.state.richMenus.aliases.get(channelId)?.has(richMenuAliasId)) {
    return "RICHMENU_ALIAS_ID_NOTFOUND";
  }
  const menu = richMenuForAlias(ctx.state, channelId, richMenuAliasId);
  if (!menu) return "RICHMENU_NOTFOUND";
  const over = richMenuShownTo(ctx.state, channelId, userId)?.richMenuId;
  mapFor(ctx.state.chats.switchedMenus, channelId).set(userId, { richMenuAliasId, over });
  return "SUCCESS";
}
