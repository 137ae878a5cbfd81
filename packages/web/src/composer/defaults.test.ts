import { describe, expect, it } from "vitest";
import {
  isUntouched,
  kindOf,
  MESSAGE_KINDS,
  newAction,
  newMessage,
  retypeAction,
} from "./defaults.ts";
import { move, removeAt, replaceAt } from "./edit.ts";

describe("what the composer adds", () => {
  it.each(MESSAGE_KINDS)("starts a %s message of that kind", (kind) => {
    expect(kindOf(newMessage(kind))).toBe(kind);
  });

  it.each(MESSAGE_KINDS)("counts a %s message untouched until something is entered", (kind) => {
    expect(isUntouched(newMessage(kind))).toBe(true);
  });

  it("counts a message touched once anything differs from how it was added", () => {
    expect(isUntouched({ type: "text", text: "こんにちは" })).toBe(false);
    expect(isUntouched({ type: "sticker", packageId: "446", stickerId: "1989" })).toBe(false);
  });

  it("keeps an action's label when its type changes", () => {
    expect(retypeAction({ type: "message", label: "予約", text: "予約" }, "uri")).toEqual({
      type: "uri",
      label: "予約",
      uri: "https://",
    });
    expect(newAction("datetimepicker")).toEqual({
      type: "datetimepicker",
      label: "",
      data: "",
      mode: "date",
    });
  });
});

describe("editing lists", () => {
  it("moves an item up or down, and not past the ends", () => {
    expect(move(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(move(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(move(["a", "b"], 0, -1)).toEqual(["a", "b"]);
  });

  it("replaces and removes by position", () => {
    expect(replaceAt(["a", "b"], 1, "x")).toEqual(["a", "x"]);
    expect(removeAt(["a", "b", "c"], 1)).toEqual(["a", "c"]);
  });
});
