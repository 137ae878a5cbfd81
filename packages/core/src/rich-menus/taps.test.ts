import { describe, expect, it } from "vitest";
import {
  postbackOrigin,
  type RichMenuShape,
  richMenuAreaName,
  switchOrigin,
  tappableAreas,
} from "./taps.ts";

function menu(
  richMenuId: string,
  areas: RichMenuShape["areas"][number]["action"][],
): RichMenuShape {
  return {
    richMenuId,
    name: `menu ${richMenuId}`,
    chatBarText: "Menu",
    areas: areas.map((action) => ({ action })),
  };
}

const shop = menu("shop", [
  { type: "postback", label: "Coupon", data: "coupon" },
  { type: "postback", data: "catalog" },
  { type: "uri", label: "Web", data: "coupon" },
  { type: "richmenuswitch", data: "to-members" },
]);
const members = menu("members", [
  { type: "postback", label: "Member coupon", data: "coupon" },
  { type: "postback", label: "Points", data: "points" },
]);

describe("rich-menu area names", () => {
  it("is the action's label, else 'area N' counted from 1", () => {
    expect(richMenuAreaName({ type: "postback", label: " Coupon " }, 0)).toBe("Coupon");
    expect(richMenuAreaName({ type: "postback" }, 1)).toBe("area 2");
    expect(richMenuAreaName({ type: "postback", label: "" }, 2)).toBe("area 3");
  });
});

describe("which area a postback came from", () => {
  it("names the one menu and area whose action sends the data", () => {
    expect(postbackOrigin([shop, members], "catalog")).toEqual({
      kind: "tap",
      tap: { richMenuId: "shop", richMenuName: "menu shop", area: "area 2" },
    });
    expect(postbackOrigin([shop, members], "points")).toEqual({
      kind: "tap",
      tap: { richMenuId: "members", richMenuName: "menu members", area: "Points" },
    });
  });

  it("counts a rich-menu switch's data as a tap of its area", () => {
    expect(postbackOrigin([shop], "to-members")).toMatchObject({ tap: { area: "area 4" } });
  });

  it("leaves a postback no area sends plain, and ignores data on other actions", () => {
    expect(postbackOrigin([shop, members], "quick-reply-yes")).toEqual({ kind: "none" });
    expect(postbackOrigin([menu("web", [{ type: "uri", data: "coupon" }])], "coupon")).toEqual({
      kind: "none",
    });
    expect(postbackOrigin([], "coupon")).toEqual({ kind: "none" });
  });

  it("asks for the user's menu when several menus send the data, then takes its area", () => {
    expect(postbackOrigin([shop, members], "coupon")).toEqual({ kind: "ask_user_menu" });
    expect(postbackOrigin([shop, members], "coupon", "members")).toEqual({
      kind: "tap",
      tap: { richMenuId: "members", richMenuName: "menu members", area: "Member coupon" },
    });
    expect(postbackOrigin([shop, members], "coupon", "shop")).toMatchObject({
      tap: { richMenuId: "shop", area: "Coupon" },
    });
  });

  it("stays plain when the user has no menu, or one that does not send the data", () => {
    expect(postbackOrigin([shop, members], "coupon", null)).toEqual({ kind: "none" });
    expect(postbackOrigin([shop, members], "coupon", "other")).toEqual({ kind: "none" });
  });

  it("names every area of one menu that sends the same data, as they cannot be told apart", () => {
    const twice = menu("twice", [
      { type: "postback", label: "Left", data: "same" },
      { type: "postback", label: "Right", data: "same" },
    ]);
    expect(postbackOrigin([twice], "same")).toMatchObject({ tap: { area: "Left / Right" } });
  });
});

describe("which tab a rich-menu switch was tapped on", () => {
  const tab = (id: string) =>
    menu(id, [
      { type: "richmenuswitch", label: "Tab A", richMenuAliasId: "tab-a", data: "tab=a" },
      { type: "richmenuswitch", label: "Tab B", richMenuAliasId: "tab-b", data: "tab=b" },
    ]);
  const [a, b, c] = [tab("a"), tab("b"), tab("c")];

  it("is the tab that switches to the alias and is not where it switched to", () => {
    // LINE has already shown tab B: the user's menu would name B.
    const toB = { richMenuAliasId: "tab-b", richMenuId: "b" };
    expect(switchOrigin([a, b], "tab=b", toB)).toEqual({
      kind: "tap",
      tap: { richMenuId: "a", richMenuName: "menu a", area: "Tab B" },
    });
    expect(switchOrigin([a, b], "tab=a", { richMenuAliasId: "tab-a", richMenuId: "a" })).toEqual({
      kind: "tap",
      tap: { richMenuId: "b", richMenuName: "menu b", area: "Tab A" },
    });
  });

  it("is the one menu sending the data, whichever it switched to", () => {
    expect(
      switchOrigin([shop, members], "to-members", { richMenuAliasId: "x", richMenuId: null }),
    ).toMatchObject({ tap: { richMenuId: "shop", area: "area 4" } });
  });

  it("stays plain when several tabs could have sent it or the alias's menu is not known", () => {
    expect(switchOrigin([a, b, c], "tab=b", { richMenuAliasId: "tab-b", richMenuId: "b" })).toEqual(
      { kind: "none" },
    );
    expect(switchOrigin([a, b], "tab=b", { richMenuAliasId: "tab-b", richMenuId: null })).toEqual({
      kind: "none",
    });
  });
});

describe("the areas a menu's taps are recorded under", () => {
  it("lists its postback and switch areas by name, one per data", () => {
    expect(tappableAreas(shop)).toEqual(["Coupon", "area 2", "area 4"]);
    const twice = menu("twice", [
      { type: "postback", label: "Left", data: "same" },
      { type: "uri", label: "Site" },
      { type: "postback", label: "Right", data: "same" },
    ]);
    expect(tappableAreas(twice)).toEqual(["Left / Right"]);
  });
});
