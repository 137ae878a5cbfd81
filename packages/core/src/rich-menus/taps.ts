/**
 * Which rich-menu area sent a postback. LINE's postback event does not name the rich menu it
 * came from, but a menu made through the Messaging API carries its areas' actions: the area
 * whose postback (or richmenuswitch) action sends the event's `data` is the one tapped.
 * https://developers.line.biz/en/reference/messaging-api/#postback-event
 */

/** An area's action as LINE returns it in a rich menu; only what attribution reads. */
export interface RichMenuAreaAction {
  type: string;
  label?: string | undefined;
  /** postback and richmenuswitch actions send it back as the event's `postback.data`. */
  data?: string | undefined;
  /** A richmenuswitch action's alias: the menu it switches the user to. */
  richMenuAliasId?: string | undefined;
}

/** A rich menu of the channel, as LINE lists it (GET /v2/bot/richmenu/list). */
export interface RichMenuShape {
  richMenuId: string;
  name: string;
  chatBarText: string;
  areas: readonly { action: RichMenuAreaAction }[];
}

/** A tap Kizuna can name: the menu and the area, as written to the timeline and segments. */
export interface RichMenuTap {
  richMenuId: string;
  richMenuName: string;
  area: string;
}

/**
 * The name an area is recorded under: its action's label when it has one, else "area N"
 * (1-based, in the menu's order). Stable while the menu is, and what staff see in the builder.
 */
export function richMenuAreaName(action: RichMenuAreaAction, index: number): string {
  const label = action.label?.trim();
  return label ? label : `area ${index + 1}`;
}

/** The areas of a menu, named, with the data each sends (null: an action without data). */
export function richMenuAreas(menu: RichMenuShape): { name: string; data: string | null }[] {
  return menu.areas.map(({ action }, index) => ({
    name: richMenuAreaName(action, index),
    data: sendsData(action) ? (action.data ?? null) : null,
  }));
}

function sendsData(action: RichMenuAreaAction): boolean {
  return action.type === "postback" || action.type === "richmenuswitch";
}

/** The menus that have an area sending `data`, with those areas' names. */
export function menusSendingData(
  menus: readonly RichMenuShape[],
  data: string,
): { menu: RichMenuShape; areas: string[] }[] {
  const found: { menu: RichMenuShape; areas: string[] }[] = [];
  for (const menu of menus) {
    const areas = richMenuAreas(menu)
      .filter((area) => area.data === data)
      .map((area) => area.name);
    if (areas.length > 0) found.push({ menu, areas });
  }
  return found;
}

/**
 * What a postback's data says about where it came from:
 * - `none`: no menu has an area sending it — a plain postback (a message's button, a quick reply);
 * - `tap`: one menu has it (or the user's menu, among several that have it);
 * - `ask_user_menu`: several menus have it; which one the user sees decides.
 * Within a menu, two areas sending the same data cannot be told apart: the tap names the menu
 * and their names joined by " / ".
 */
export type PostbackOrigin =
  | { kind: "none" }
  | { kind: "tap"; tap: RichMenuTap }
  | { kind: "ask_user_menu" };

/**
 * Attributes a postback to a rich-menu area. `userMenuId` is the menu the user sees (the one
 * linked to them, else the default), when it is known; without it, several candidate menus
 * ask for it. A user menu that is not among the candidates leaves the postback plain.
 */
export function postbackOrigin(
  menus: readonly RichMenuShape[],
  data: string,
  userMenuId?: string | null,
): PostbackOrigin {
  const candidates = menusSendingData(menus, data);
  if (candidates.length === 0) return { kind: "none" };
  if (candidates.length === 1) return { kind: "tap", tap: tapOf(candidates[0]!) };
  if (userMenuId === undefined) return { kind: "ask_user_menu" };
  const own = candidates.find((candidate) => candidate.menu.richMenuId === userMenuId);
  return own ? { kind: "tap", tap: tapOf(own) } : { kind: "none" };
}

/** A richmenuswitch that LINE carried out: the alias switched to and the menu it names, if known. */
export interface RichMenuSwitched {
  richMenuAliasId: string;
  richMenuId: string | null;
}

/**
 * Attributes a successful richmenuswitch postback. The chat shows the destination before the
 * event is sent, and the menu linked to the user says nothing of which tab was shown: among the menus sending
 * `data` from a switch to that alias, the one that is not the destination was tapped (a tab
 * layout has the switch on every tab). Several such menus (three tabs or more) leave it plain;
 * so does a tap on the destination's own switch when another tab has it too.
 */
export function switchOrigin(
  menus: readonly RichMenuShape[],
  data: string,
  switched: RichMenuSwitched,
): PostbackOrigin {
  const candidates = menusSendingData(menus, data);
  if (candidates.length <= 1) return postbackOrigin(menus, data);
  const from = candidates.filter(
    ({ menu }) =>
      menu.richMenuId !== switched.richMenuId &&
      menu.areas.some(
        ({ action }) =>
          action.type === "richmenuswitch" &&
          action.richMenuAliasId === switched.richMenuAliasId &&
          action.data === data,
      ),
  );
  return from.length === 1 ? { kind: "tap", tap: tapOf(from[0]!) } : { kind: "none" };
}

function tapOf(candidate: { menu: RichMenuShape; areas: string[] }): RichMenuTap {
  return {
    richMenuId: candidate.menu.richMenuId,
    richMenuName: candidate.menu.name,
    area: candidate.areas.join(" / "),
  };
}

/**
 * The area names taps on a menu are recorded under, in the menu's order: one per distinct
 * data its postback and switch areas send (areas sharing data share one name).
 */
export function tappableAreas(menu: RichMenuShape): string[] {
  const byData = new Map<string, string[]>();
  for (const area of richMenuAreas(menu)) {
    if (area.data === null) continue;
    byData.set(area.data, [...(byData.get(area.data) ?? []), area.name]);
  }
  return [...byData.values()].map((names) => names.join(" / "));
}
