import {
  findRichMenu,
  type RichMenu,
  type RichMenuArea,
  type RichMenuImage,
  type RichMenuSize,
} from "../state/rich-menus.ts";
import type { EmulatorState } from "../state/state.ts";

// Which rich menu a user sees, for the phone view. LINE's order (REF#link-rich-menu-to-user):
// the menu linked to the user with the API, else the default set with the API. (The third,
// a default set in LINE Official Account Manager, does not exist in the emulator.)

export type ShownRichMenu = {
  richMenuId: string;
  /** Why the user sees it. */
  source: "user" | "default";
  size: RichMenuSize;
  /** Whether the menu starts open. */
  selected: boolean;
  name: string;
  chatBarText: string;
  /** Tappable areas in image pixels, with their actions as the bot defined them. */
  areas: RichMenuArea[];
  image: RichMenuImage;
};

/** The rich menu `userId` sees in the chat with the channel, or undefined for none. */
export function richMenuShownTo(
  state: EmulatorState,
  channelId: string,
  userId: string,
): ShownRichMenu | undefined {
  const linked = state.richMenus.userLinks.get(channelId)?.get(userId);
  const fromUser = linked ? shown(findRichMenu(state, channelId, linked), "user") : undefined;
  if (fromUser) return fromUser;
  const byDefault = state.richMenus.defaults.get(channelId);
  return byDefault ? shown(findRichMenu(state, channelId, byDefault), "default") : undefined;
}

/**
 * The menu a `richmenuswitch` action opens: its alias's menu. LINE switches the menu on the
 * phone only; the user's linked menu on the server stays as it was.
 */
export function richMenuForAlias(
  state: EmulatorState,
  channelId: string,
  richMenuAliasId: string,
): ShownRichMenu | undefined {
  const richMenuId = state.richMenus.aliases.get(channelId)?.get(richMenuAliasId);
  return richMenuId ? shown(findRichMenu(state, channelId, richMenuId), "user") : undefined;
}

/** The area under an image pixel. LINE does not say which of overlapping areas wins; here the first. */
export function richMenuAreaAt(
  menu: Pick<ShownRichMenu, "areas">,
  x: number,
  y: number,
): RichMenuArea | undefined {
  return menu.areas.find(
    ({ bounds }) =>
      x >= bounds.x && x < bounds.x + bounds.width && y >= bounds.y && y < bounds.y + bounds.height,
  );
}

function shown(
  menu: RichMenu | undefined,
  source: ShownRichMenu["source"],
): ShownRichMenu | undefined {
  if (!menu?.image) return undefined;
  return {
    richMenuId: menu.richMenuId,
    source,
    size: menu.size,
    selected: menu.selected,
    name: menu.name,
    chatBarText: menu.chatBarText,
    areas: menu.areas,
    image: menu.image,
  };
}
