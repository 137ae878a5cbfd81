import type { EmulatorContext } from "../context.ts";
import { err } from "../result.ts";
import { richMenuAreaAt } from "../rich-menus/resolve.ts";
import { type FriendResult, findFriend } from "./common.ts";
import { displayedRichMenu } from "./rich-menu-display.ts";
import { type TapInput, type TapOutcome, tapAction } from "./taps.ts";

/** A point on the rich menu image in its own pixels, or the index of one of its areas. */
export type RichMenuSpot = { x: number; y: number } | { areaIndex: number };

/** The friend taps the rich menu their chat shows. */
export async function tapRichMenu(
  ctx: EmulatorContext,
  userId: string,
  spot: RichMenuSpot,
  input: TapInput = {},
): Promise<FriendResult<TapOutcome & { richMenuId: string; areaIndex: number }>> {
  const found = findFriend(ctx, userId);
  if (!found.ok) return found;
  const menu = displayedRichMenu(ctx, found.value.channelId, userId);
  if (!menu) {
    return err({ code: "no_rich_menu", message: `${userId}'s chat shows no rich menu` });
  }
  const hit = "areaIndex" in spot ? undefined : richMenuAreaAt(menu, spot.x, spot.y);
  const areaIndex = "areaIndex" in spot ? spot.areaIndex : hit ? menu.areas.indexOf(hit) : -1;
  const area = menu.areas[areaIndex];
  if (!area) {
    return err({
      code: "action_not_found",
      message: `Rich menu ${menu.richMenuId} has no area ${"areaIndex" in spot ? spot.areaIndex : `at ${spot.x},${spot.y}`}`,
    });
  }
  const tapped = await tapAction(ctx, userId, area.action, input);
  return tapped.ok
    ? { ok: true, value: { ...tapped.value, richMenuId: menu.richMenuId, areaIndex } }
    : tapped;
}
