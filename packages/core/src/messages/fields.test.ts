import { describe, expect, it } from "vitest";
import { parsePropertyPath, placeProblem } from "./fields.ts";
import type { Message } from "./message.ts";

const buttons: Message = {
  type: "template",
  altText: "お知らせ",
  template: {
    type: "buttons",
    text: "どれにしますか",
    actions: [
      { type: "message", label: "はい", text: "はい" },
      { type: "postback", label: "x".repeat(21), data: "a=1" },
    ],
  },
};
const carousel: Message = {
  type: "template",
  altText: "新商品",
  template: {
    type: "carousel",
    columns: [0, 1, 2].map((i) => ({
      text: `商品 ${i}`,
      actions: [
        { type: "uri" as const, label: "見る", uri: "https://example.com" },
        { type: "message" as const, label: "", text: "買う" },
      ],
    })),
  },
};
const flex: Message = { type: "flex", altText: "Flex", contents: { type: "bubble" } };
const text: Message = { type: "text", text: "こんにちは" };

const place = (property: string, messages: unknown[]) =>
  placeProblem({ property, message: "Length must be between 0 and 20" }, messages);

describe("placing LINE's problems on the composer's fields", () => {
  it("reads LINE's property paths", () => {
    expect(parsePropertyPath("messages[0].template.columns[2].actions[1].label")).toEqual([
      "messages",
      0,
      "template",
      "columns",
      2,
      "actions",
      1,
      "label",
    ]);
    expect(parsePropertyPath("messages")).toEqual(["messages"]);
  });

  it("puts an over-long label under the label input of that action", () => {
    expect(place("messages[1].template.actions[1].label", [text, buttons])).toEqual({
      field: "1.template.actions.1.label",
      property: "messages[1].template.actions[1].label",
      message: "Length must be between 0 and 20",
    });
  });

  it("finds action 2 of column 3 of a carousel", () => {
    expect(place("messages[0].template.columns[2].actions[1].label", [carousel]).field).toBe(
      "0.template.columns.2.actions.1.label",
    );
  });

  it("puts a problem with the list of actions on the list", () => {
    expect(place("messages[0].template.actions", [buttons]).field).toBe("0.template.actions");
  });

  it("puts anything inside Flex JSON on the JSON editor, saying where", () => {
    expect(place("messages[0].contents.body.contents[2].url", [flex])).toMatchObject({
      field: "0.contents",
      at: "body.contents[2].url",
    });
  });

  it("puts a quick reply button's label under that button", () => {
    expect(place("messages[0].quickReply.items[12].action.label", [text]).field).toBe(
      "0.quickReply.items.12.action.label",
    );
  });

  it("falls back to the action for a property the composer does not show", () => {
    expect(place("messages[0].template.actions[0].altUri.desktop", [buttons])).toMatchObject({
      field: "0.template.actions.0",
      at: "altUri.desktop",
    });
  });

  it("falls back to the message for an unknown type, and to the list for the count", () => {
    expect(place("messages[0].type", [{ type: "txt" }]).field).toBe("0");
    expect(place("messages", []).field).toBe("messages");
  });

  it("keeps text emoji problems on the text message's emoji list", () => {
    expect(place("messages[0].emojis[0].index", [text])).toMatchObject({
      field: "0.emojis",
      at: "[0].index",
    });
  });
});
