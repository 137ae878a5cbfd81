import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LineError } from "./errors.ts";
import {
  validateBroadcastRequest,
  validateMessagesOnly,
  validateMulticastRequest,
  validateNarrowcastRequest,
  validatePushRequest,
  validateReplyRequest,
  validateWebhookEndpointRequest,
} from "./validate.ts";

const USER = `U${"a".repeat(32)}`;
const GROUP = `C${"b".repeat(32)}`;
const IMAGE = "https://example.com/a.png";
const text = (value: string) => ({ type: "text", text: value });
const postback = (label: string) => ({ type: "postback", label, data: "x=1" });

type Outcome = { ok: true } | { ok: false; error: LineError };

/** The details of a failed validation, or the body when LINE answers without details. */
function problems(result: Outcome) {
  if (result.ok) return [];
  return result.error.body.details ?? [{ message: result.error.body.message, property: "" }];
}

/** Validates one message in a push to a user. */
const push = (...messages: unknown[]) => validatePushRequest({ to: USER, messages });
const onlyProblem = (result: Outcome) => {
  const found = problems(result);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("request bodies", () => {
  it("accepts a push of one to five messages", () => {
    expect(validatePushRequest({ to: USER, messages: [text("hi")] })).toEqual({
      ok: true,
      value: { to: USER, messages: [text("hi")], notificationDisabled: false },
    });
  });

  it("lists every problem with its property path, in LINE's words", () => {
    const result = push({ type: "txt" }, { type: "text" }, { type: "sticker", packageId: "1" });
    expect(result.ok ? undefined : result.error.status).toBe(400);
    expect(result.ok ? undefined : result.error.body.message).toBe(
      "The request body has 3 error(s)",
    );
    expect(problems(result)).toEqual([
      {
        message:
          "Must be one of the following values: [text, textV2, sticker, image, video, audio, location, imagemap, template, flex, coupon]",
        property: "messages[0].type",
      },
      { message: "May not be empty", property: "messages[1].text" },
      { message: "May not be empty", property: "messages[2].stickerId" },
    ]);
  });

  it("refuses zero or more than five messages", () => {
    for (const count of [0, 6]) {
      expect(problems(push(...Array(count).fill(text("x"))))).toEqual([
        { message: "Size must be between 1 and 5", property: "messages" },
      ]);
    }
  });

  it("requires `to` and `messages`", () => {
    expect(problems(validatePushRequest({}))).toEqual(
      expect.arrayContaining([
        { message: "May not be empty", property: "to" },
        { message: "May not be empty", property: "messages" },
      ]),
    );
  });

  it("treats an explicit null like a missing property", () => {
    expect(problems(push({ type: "text", text: null }))).toEqual([
      { message: "May not be empty", property: "messages[0].text" },
    ]);
  });

  it("answers a malformed receiver ID the way LINE does", () => {
    const result = validatePushRequest({ to: "someone", messages: [text("hi")] });
    expect(result.ok ? undefined : result.error.body).toEqual({
      message: "The property, 'to', in the request body is invalid (line: -, column: -)",
    });
  });

  it("refuses values of the wrong JSON type as unreadable, naming the property", () => {
    const top = validatePushRequest({ to: USER, messages: "hello" });
    expect(top.ok ? undefined : top.error.body.message).toBe(
      "The property, 'messages', in the request body is invalid (line: -, column: -)",
    );
    const nested = push({
      type: "template",
      altText: "a",
      template: { type: "buttons", text: 5, actions: [] },
    });
    expect(nested.ok ? undefined : nested.error.body.message).toBe(
      "The property, 'messages[0].template.text', in the request body is invalid (line: -, column: -)",
    );
  });

  it("refuses a body that is not a JSON object", () => {
    expect(problems(validatePushRequest([1]))[0]?.message).toBe(
      "The request body could not be parsed as JSON",
    );
  });

  it("reads notificationDisabled", () => {
    const result = validatePushRequest({
      to: USER,
      messages: [text("hi")],
      notificationDisabled: true,
    });
    expect(result.ok && result.value.notificationDisabled).toBe(true);
  });

  it("allows 500 multicast recipients and refuses 501", () => {
    const to = (n: number) => Array.from({ length: n }, () => USER);
    expect(validateMulticastRequest({ to: to(500), messages: [text("x")] }).ok).toBe(true);
    expect(problems(validateMulticastRequest({ to: to(501), messages: [text("x")] }))).toEqual([
      { message: "Size must be between 1 and 500", property: "to" },
    ]);
  });

  it("points at each malformed multicast user ID", () => {
    const result = validateMulticastRequest({
      to: [USER, "Cabc", `U${"A".repeat(32)}`],
      messages: [text("x")],
    });
    expect(problems(result)).toEqual([
      { message: "Must be a valid user ID", property: "to[1]" },
      { message: "Must be a valid user ID", property: "to[2]" },
    ]);
  });

  it("takes at most one custom aggregation unit, named [a-zA-Z0-9_]{1,30}", () => {
    const body = (units: string[]) => ({
      to: [USER],
      messages: [text("x")],
      customAggregationUnits: units,
    });
    expect(validateMulticastRequest(body(["spring_sale"])).ok).toBe(true);
    expect(problems(validateMulticastRequest(body(["a", "b"])))[0]?.property).toBe(
      "customAggregationUnits",
    );
    expect(problems(validateMulticastRequest(body(["spring sale"])))[0]?.property).toBe(
      "customAggregationUnits[0]",
    );
  });

  it("requires a reply token", () => {
    expect(problems(validateReplyRequest({ messages: [text("x")] }))).toEqual([
      { message: "May not be empty", property: "replyToken" },
    ]);
  });

  it("checks broadcast bodies like the others", () => {
    expect(validateBroadcastRequest({ messages: [text("x")] }).ok).toBe(true);
    expect(problems(validateBroadcastRequest({ messages: [] }))[0]?.property).toBe("messages");
  });
});

describe("narrowcast bodies", () => {
  const narrowcast = (extra: object) =>
    validateNarrowcastRequest({ messages: [text("x")], ...extra });

  it("reads recipient, demographic filter and limit", () => {
    const result = narrowcast({
      recipient: {
        type: "operator",
        and: [
          { type: "audience", audienceGroupId: 5 },
          { type: "operator", not: { type: "redelivery", requestId: "r1" } },
        ],
      },
      filter: { demographic: { type: "gender", oneOf: ["female"] } },
      limit: { max: 100, upToRemainingQuota: true },
    });
    expect(result.ok && result.value.limit).toEqual({
      max: 100,
      upToRemainingQuota: true,
      forbidPartialDelivery: false,
    });
    expect(result.ok && result.value.demographic).toEqual({ type: "gender", oneOf: ["female"] });
  });

  it("refuses an unknown recipient type and a missing audienceGroupId", () => {
    expect(problems(narrowcast({ recipient: { type: "segment" } }))[0]?.property).toBe(
      "recipient.type",
    );
    expect(problems(narrowcast({ recipient: { type: "audience" } }))).toEqual([
      { message: "May not be empty", property: "recipient.audienceGroupId" },
    ]);
  });

  it("allows forbidPartialDelivery only with upToRemainingQuota", () => {
    expect(problems(narrowcast({ limit: { forbidPartialDelivery: true } }))).toEqual([
      {
        message: "Can be true only when upToRemainingQuota is true",
        property: "limit.forbidPartialDelivery",
      },
    ]);
    expect(
      narrowcast({ limit: { upToRemainingQuota: true, forbidPartialDelivery: true } }).ok,
    ).toBe(true);
  });

  it("counts at most 10 audiences and request IDs in one recipient", () => {
    const audiences = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: "audience", audienceGroupId: i + 1 }));
    expect(narrowcast({ recipient: { type: "operator", or: audiences(10) } }).ok).toBe(true);
    expect(problems(narrowcast({ recipient: { type: "operator", or: audiences(11) } }))).toEqual([
      { message: "At most 10 audiences and request IDs in total", property: "recipient" },
    ]);
  });

  it("wants exactly one of and, or, not in an operator", () => {
    expect(problems(narrowcast({ recipient: { type: "operator" } }))).toEqual([
      { message: "Must have exactly one of and, or, not", property: "recipient" },
    ]);
  });

  it("checks demographic values against LINE's lists", () => {
    const result = narrowcast({ filter: { demographic: { type: "age", gte: "age_16" } } });
    expect(problems(result)[0]?.property).toBe("filter.demographic.gte");
    expect(
      narrowcast({
        filter: {
          demographic: {
            type: "operator",
            or: [
              { type: "subscriptionPeriod", gte: "day_7" },
              { type: "area", oneOf: ["jp_13"] },
            ],
          },
        },
      }).ok,
    ).toBe(true);
  });
});

describe("text and textV2", () => {
  it("counts text length in UTF-16 code units, so 2,500 apples are 5,000 and fit", () => {
    expect(push(text("🍎".repeat(2500))).ok).toBe(true);
    expect(problems(push(text(`${"🍎".repeat(2500)}a`)))).toEqual([
      { message: "Length must be between 0 and 5000", property: "messages[0].text" },
    ]);
  });

  it("refuses empty text", () => {
    expect(problems(push(text("")))).toEqual([
      { message: "May not be empty", property: "messages[0].text" },
    ]);
  });

  it("wants each LINE emoji index on a $ of the text", () => {
    const emoji = (index: number) => ({
      index,
      productId: "5ac1bfd5040ab15980c9b435",
      emojiId: "001",
    });
    expect(push({ type: "text", text: "$ hello $", emojis: [emoji(0), emoji(8)] }).ok).toBe(true);
    expect(onlyProblem(push({ type: "text", text: "$ hello", emojis: [emoji(2)] }))).toEqual({
      message: "Must be the index of a $ character in text",
      property: "messages[0].emojis[0].index",
    });
    expect(
      onlyProblem(push({ type: "text", text: "$", emojis: Array(21).fill(emoji(0)) })),
    ).toEqual({
      message: "Size must be between 0 and 20",
      property: "messages[0].emojis",
    });
  });

  const v2 = (value: string, substitution: object) => ({
    type: "textV2",
    text: value,
    substitution,
  });
  const mention = { type: "mention", mentionee: { type: "user", userId: USER } };

  it("substitutes {key} placeholders; {{ and }} are literal braces", () => {
    const emoji = { type: "emoji", productId: "p", emojiId: "001" };
    expect(push(v2("{{literal}} {smile}", { smile: emoji })).ok).toBe(true);
    expect(onlyProblem(push(v2("Hi {name}", {})))).toEqual({
      message: "No substitution for {name}",
      property: "messages[0].text",
    });
    expect(onlyProblem(push(v2("Hi {name", {})))?.message).toMatch(/^Unpaired \{/);
    expect(onlyProblem(push(v2("Hi }", {})))?.message).toMatch(/^Unpaired \}/);
    expect(onlyProblem(push(v2("x", { "bad-key": emoji })))).toEqual({
      message: "Invalid key",
      property: "messages[0].substitution.bad-key",
    });
  });

  it("lets mentions reach group chats only", () => {
    const message = v2("{someone} look", { someone: mention });
    expect(validatePushRequest({ to: GROUP, messages: [message] }).ok).toBe(true);
    expect(onlyProblem(push(message))).toEqual({
      message: "Mentions can only be sent to group chats and multi-person chats",
      property: "messages[0].substitution.someone",
    });
    expect(validateMulticastRequest({ to: [USER], messages: [message] }).ok).toBe(false);
    expect(validateMessagesOnly("push", { messages: [message] }).ok).toBe(true);
    expect(validateMessagesOnly("broadcast", { messages: [message] }).ok).toBe(false);
  });
});

describe("media, location and sticker messages", () => {
  it("accepts each with its required properties", () => {
    const messages = [
      { type: "sticker", packageId: "446", stickerId: "1988" },
      { type: "image", originalContentUrl: IMAGE, previewImageUrl: IMAGE },
      {
        type: "video",
        originalContentUrl: "https://example.com/a.mp4",
        previewImageUrl: IMAGE,
        trackingId: "t1",
      },
      { type: "audio", originalContentUrl: "https://example.com/a.m4a", duration: 60000 },
      { type: "location", title: "Office", address: "Tokyo", latitude: 35.68, longitude: 139.76 },
    ];
    expect(push(...messages)).toMatchObject({ ok: true });
  });

  it("wants HTTPS URLs of at most 2,000 characters", () => {
    expect(
      onlyProblem(
        push({
          type: "image",
          originalContentUrl: "http://example.com/a.png",
          previewImageUrl: IMAGE,
        }),
      ),
    ).toEqual({
      message: "Must be an HTTPS URL",
      property: "messages[0].originalContentUrl",
    });
    const long = `https://example.com/${"a".repeat(2000)}`;
    expect(
      onlyProblem(push({ type: "image", originalContentUrl: IMAGE, previewImageUrl: long })),
    ).toEqual({
      message: "Length must be between 0 and 2000",
      property: "messages[0].previewImageUrl",
    });
  });

  it("limits a location's title and address to 100 characters", () => {
    const location = {
      type: "location",
      title: "x".repeat(101),
      address: "a",
      latitude: 0,
      longitude: 0,
    };
    expect(onlyProblem(push(location))?.property).toBe("messages[0].title");
  });
});

describe("imagemap", () => {
  const imagemap = (extra: object = {}) => ({
    type: "imagemap",
    baseUrl: "https://example.com/imagemap",
    altText: "Menu",
    baseSize: { width: 1040, height: 1040 },
    actions: [
      {
        type: "uri",
        linkUri: "https://example.com",
        area: { x: 0, y: 0, width: 520, height: 1040 },
      },
    ],
    ...extra,
  });

  it("accepts uri, message and clipboard actions with areas", () => {
    const area = { x: 520, y: 0, width: 520, height: 1040 };
    expect(
      push(
        imagemap({
          actions: [
            { type: "message", text: "hi", area },
            { type: "clipboard", clipboardText: "CODE", area },
          ],
        }),
      ).ok,
    ).toBe(true);
  });

  it("wants a base width of 1040, at most 50 actions and altText within 1,500", () => {
    expect(onlyProblem(push(imagemap({ baseSize: { width: 1000, height: 1040 } })))?.property).toBe(
      "messages[0].baseSize.width",
    );
    const action = imagemap().actions[0];
    expect(onlyProblem(push(imagemap({ actions: Array(51).fill(action) })))).toEqual({
      message: "Size must be between 0 and 50",
      property: "messages[0].actions",
    });
    expect(onlyProblem(push(imagemap({ altText: "a".repeat(1501) })))).toEqual({
      message: "Length must be between 0 and 1500",
      property: "messages[0].altText",
    });
  });
});

describe("templates", () => {
  const template = (body: object) => ({ type: "template", altText: "alt", template: body });
  const buttons = (extra: object = {}) =>
    template({ type: "buttons", text: "Pick one", actions: [postback("Yes")], ...extra });
  const column = (extra: object = {}) => ({ text: "Item", actions: [postback("Buy")], ...extra });

  it("accepts buttons, confirm, carousel and image carousel", () => {
    expect(
      push(
        buttons({
          thumbnailImageUrl: IMAGE,
          title: "Title",
          defaultAction: { type: "uri", label: "x", uri: IMAGE },
        }),
        template({
          type: "confirm",
          text: "Sure?",
          actions: [postback("Yes"), { type: "message", label: "No", text: "no" }],
        }),
        template({ type: "carousel", columns: [column(), column()] }),
        template({
          type: "image_carousel",
          columns: [{ imageUrl: IMAGE, action: { type: "uri", uri: IMAGE } }],
        }),
      ).ok,
    ).toBe(true);
  });

  it("gives buttons 1–4 actions, each with a label", () => {
    expect(onlyProblem(push(buttons({ actions: Array(5).fill(postback("x")) })))).toEqual({
      message: "Size must be between 1 and 4",
      property: "messages[0].template.actions",
    });
    expect(onlyProblem(push(buttons({ actions: [{ type: "postback", data: "x" }] })))).toEqual({
      message: "May not be empty",
      property: "messages[0].template.actions[0].label",
    });
  });

  it("counts labels in grapheme clusters: 20 family emoji fit, 21 letters do not", () => {
    const family = "👨‍👩‍👧".repeat(20);
    expect(push(buttons({ actions: [postback(family)] })).ok).toBe(true);
    expect(onlyProblem(push(buttons({ actions: [postback("a".repeat(21))] })))).toEqual({
      message: "Length must be between 0 and 20",
      property: "messages[0].template.actions[0].label",
    });
  });

  it("shortens the buttons text to 60 when an image or title is shown", () => {
    expect(push(buttons({ text: "a".repeat(160) })).ok).toBe(true);
    expect(onlyProblem(push(buttons({ text: "a".repeat(61), title: "T" })))).toEqual({
      message: "Length must be between 0 and 60",
      property: "messages[0].template.text",
    });
    expect(onlyProblem(push(buttons({ text: "a".repeat(161) })))?.message).toBe(
      "Length must be between 0 and 160",
    );
  });

  it("gives confirm exactly two actions", () => {
    const confirm = template({
      type: "confirm",
      text: "Sure?",
      actions: [postback("a"), postback("b"), postback("c")],
    });
    expect(onlyProblem(push(confirm))).toEqual({
      message: "Size must be between 2 and 2",
      property: "messages[0].template.actions",
    });
  });

  it("limits carousels to 10 columns with the same number of actions and the same parts", () => {
    expect(
      onlyProblem(push(template({ type: "carousel", columns: Array(11).fill(column()) }))),
    ).toEqual({
      message: "Size must be between 1 and 10",
      property: "messages[0].template.columns",
    });
    const uneven = template({
      type: "carousel",
      columns: [column(), column({ actions: [postback("a"), postback("b")] })],
    });
    expect(onlyProblem(push(uneven))).toEqual({
      message: "Must have the same number of actions in every column",
      property: "messages[0].template.columns[1].actions",
    });
    const mixed = template({ type: "carousel", columns: [column({ title: "A" }), column()] });
    expect(onlyProblem(push(mixed))).toEqual({
      message: "Must be set in every column or in none",
      property: "messages[0].template.columns[1].title",
    });
  });

  it("limits image carousel labels to 12", () => {
    const labelled = template({
      type: "image_carousel",
      columns: [{ imageUrl: IMAGE, action: { type: "uri", label: "a".repeat(13), uri: IMAGE } }],
    });
    expect(onlyProblem(push(labelled))?.property).toBe(
      "messages[0].template.columns[0].action.label",
    );
  });

  it("limits altText to 1,500 characters", () => {
    expect(onlyProblem(push({ ...buttons(), altText: "a".repeat(1501) }))?.property).toBe(
      "messages[0].altText",
    );
  });
});

describe("flex", () => {
  const bubble = (body: object[] = [{ type: "text", text: "Hello" }]) => ({
    type: "bubble",
    body: { type: "box", layout: "vertical", contents: body },
  });
  const flex = (contents: object) => ({ type: "flex", altText: "Flex", contents });

  it("accepts bubbles and carousels of up to 12 bubbles", () => {
    const button = { type: "button", action: { type: "uri", label: "Open", uri: IMAGE } };
    expect(push(flex(bubble([{ type: "text", text: "Hi" }, button]))).ok).toBe(true);
    expect(push(flex({ type: "carousel", contents: Array(12).fill(bubble()) })).ok).toBe(true);
    expect(
      onlyProblem(push(flex({ type: "carousel", contents: Array(13).fill(bubble()) }))),
    ).toEqual({
      message: "Size must be between 1 and 12",
      property: "messages[0].contents.contents",
    });
  });

  it("refuses a bubble over 30 KB and a carousel over 50 KB of JSON", () => {
    const big = (kb: number) => bubble([{ type: "text", text: "x".repeat(kb * 1024) }]);
    expect(onlyProblem(push(flex(big(30))))).toEqual({
      message: "JSON must be at most 30 KB",
      property: "messages[0].contents",
    });
    expect(
      onlyProblem(push(flex({ type: "carousel", contents: [big(20), big(20), big(20)] }))),
    ).toEqual({
      message: "JSON must be at most 50 KB",
      property: "messages[0].contents",
    });
  });

  it("names the path of a bad component deep in a box", () => {
    const result = push(
      flex(bubble([{ type: "box", layout: "horizontal", contents: [{ type: "txt" }] }])),
    );
    expect(onlyProblem(result)?.property).toBe(
      "messages[0].contents.body.contents[0].contents[0].type",
    );
  });

  it("gives Flex buttons a label of at most 40", () => {
    const button = {
      type: "button",
      action: { type: "postback", label: "a".repeat(41), data: "d" },
    };
    expect(onlyProblem(push(flex(bubble([button]))))?.property).toBe(
      "messages[0].contents.body.contents[0].action.label",
    );
  });

  it("plays video only as the hero, and at most 10 animated images", () => {
    const video = {
      type: "video",
      url: "https://example.com/a.mp4",
      previewUrl: IMAGE,
      altContent: { type: "image", url: IMAGE },
    };
    expect(push(flex({ ...bubble(), hero: video })).ok).toBe(true);
    expect(onlyProblem(push(flex(bubble([video]))))?.message).toBe(
      "A video can only be the hero of a bubble",
    );
    const animated = Array(11).fill({ type: "image", url: IMAGE, animated: true });
    expect(onlyProblem(push(flex(bubble(animated))))).toEqual({
      message: "At most 10 animated images per message",
      property: "messages[0].contents",
    });
  });
});

describe("quick replies and actions", () => {
  const withQuickReply = (items: object[]) => ({ ...text("Choose"), quickReply: { items } });
  const item = (action: object) => ({ type: "action", action });

  it("takes up to 13 buttons, which may open the camera or ask for a location", () => {
    const items = [
      item({ type: "camera", label: "Camera" }),
      item({ type: "cameraRoll", label: "Photos" }),
      item({ type: "location", label: "Where?" }),
      ...Array(10).fill(item(postback("Yes"))),
    ];
    expect(push(withQuickReply(items)).ok).toBe(true);
    expect(onlyProblem(push(withQuickReply([...items, item(postback("No"))])))).toEqual({
      message: "Size must be between 1 and 13",
      property: "messages[0].quickReply.items",
    });
  });

  it("wants a label on every quick reply button", () => {
    expect(onlyProblem(push(withQuickReply([item({ type: "message", text: "hi" })])))).toEqual({
      message: "May not be empty",
      property: "messages[0].quickReply.items[0].action.label",
    });
  });

  it("keeps camera, camera roll and location to quick replies, rich menu switches to rich menus", () => {
    const buttons = (action: object) => ({
      type: "template",
      altText: "a",
      template: { type: "buttons", text: "t", actions: [action] },
    });
    expect(onlyProblem(push(buttons({ type: "camera", label: "Camera" })))).toEqual({
      message: "A camera action can only be used in quick reply buttons",
      property: "messages[0].template.actions[0].type",
    });
    expect(
      onlyProblem(
        push(
          withQuickReply([
            item({ type: "richmenuswitch", label: "x", richMenuAliasId: "a", data: "d" }),
          ]),
        ),
      )?.message,
    ).toBe("A richmenuswitch action can only be used in rich menus");
  });

  const inButtons = (action: object) =>
    push({
      type: "template",
      altText: "a",
      template: { type: "buttons", text: "t", actions: [action] },
    });

  it("checks each action type's own limits", () => {
    expect(
      onlyProblem(inButtons({ type: "postback", label: "l", data: "d".repeat(301) }))?.property,
    ).toBe("messages[0].template.actions[0].data");
    expect(
      onlyProblem(inButtons({ type: "message", label: "l", text: "t".repeat(301) }))?.property,
    ).toBe("messages[0].template.actions[0].text");
    expect(onlyProblem(inButtons({ type: "uri", label: "l", uri: "ftp://example.com" }))).toEqual({
      message: "The URI scheme must be http, https, line or tel",
      property: "messages[0].template.actions[0].uri",
    });
    expect(inButtons({ type: "uri", label: "Call", uri: "tel:0312345678" }).ok).toBe(true);
    expect(
      onlyProblem(
        inButtons({ type: "postback", label: "l", data: "d", text: "a", displayText: "b" }),
      )?.message,
    ).toBe("Cannot be used together with displayText");
  });

  it("wants datetime picker values in the picker's format and range", () => {
    const picker = (extra: object) =>
      inButtons({ type: "datetimepicker", label: "When", data: "d", ...extra });
    expect(
      picker({ mode: "date", initial: "2026-11-26", min: "2026-01-01", max: "2100-12-31" }).ok,
    ).toBe(true);
    expect(picker({ mode: "datetime", initial: "2026-11-26t10:00" }).ok).toBe(true);
    expect(onlyProblem(picker({ mode: "date", initial: "2026-11-26T10:00" }))).toEqual({
      message: "Must be yyyy-MM-dd between 1900-01-01 and 2100-12-31",
      property: "messages[0].template.actions[0].initial",
    });
    expect(onlyProblem(picker({ mode: "time", max: "24:00" }))?.property).toBe(
      "messages[0].template.actions[0].max",
    );
    expect(onlyProblem(picker({ mode: "week" }))?.property).toBe(
      "messages[0].template.actions[0].mode",
    );
  });

  it("limits the sender's name to 20 characters", () => {
    expect(onlyProblem(push({ ...text("hi"), sender: { name: "a".repeat(21) } }))?.property).toBe(
      "messages[0].sender.name",
    );
  });
});

describe("webhook endpoint bodies", () => {
  it("accepts http and https URLs, so a bot on localhost works", () => {
    expect(validateWebhookEndpointRequest({ endpoint: "http://127.0.0.1:3000/line" })).toEqual({
      ok: true,
      value: "http://127.0.0.1:3000/line",
    });
  });

  it("refuses something that is not a URL", () => {
    expect(problems(validateWebhookEndpointRequest({ endpoint: "not a url" }))).toEqual([
      { message: "Must be a valid URL", property: "endpoint" },
    ]);
  });
});

describe("properties of the validator", () => {
  // Characters of 1 and 2 UTF-16 units, LINE emoji placeholders and braces (literal in `text`).
  const character = fc.constantFrom("a", "あ", "🍎", "$", "{", " ", "\n", "é");

  it("accepts any text message of 1 to 5,000 UTF-16 units in any slot", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: character, minLength: 1, maxLength: 2500, size: "max" }),
        fc.integer({ min: 0, max: 4 }),
        (value, slot) => {
          const messages = Array.from({ length: slot + 1 }, (_, i) =>
            text(i === slot ? value : "x"),
          );
          return validatePushRequest({ to: USER, messages }).ok;
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses any text over 5,000 units, naming exactly that message's text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: character, minLength: 5001, maxLength: 5400 }),
        fc.integer({ min: 0, max: 4 }),
        (value, slot) => {
          const messages = Array.from({ length: 5 }, (_, i) => text(i === slot ? value : "ok"));
          const found = problems(validatePushRequest({ to: USER, messages }));
          expect(found).toEqual([
            { message: "Length must be between 0 and 5000", property: `messages[${slot}].text` },
          ]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("refuses any number of messages outside 1–5 on `messages`", () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 30 }), (count) => {
        const found = problems(
          validatePushRequest({ to: USER, messages: Array(count).fill(text("x")) }),
        );
        expect(found).toEqual([{ message: "Size must be between 1 and 5", property: "messages" }]);
      }),
    );
  });

  it("accepts a quick reply label of up to 20 graphemes, whatever they are made of", () => {
    const grapheme = fc.constantFrom("a", "あ", "🍎", "👨‍👩‍👧", "é", "🇯🇵");
    fc.assert(
      fc.property(fc.array(grapheme, { minLength: 1, maxLength: 25 }), (parts) => {
        const label = parts.join("");
        const message = {
          ...text("Pick"),
          quickReply: { items: [{ type: "action", action: postback(label) }] },
        };
        const result = push(message);
        expect(result.ok).toBe(parts.length <= 20);
        if (!result.ok) {
          expect(problems(result)).toEqual([
            {
              message: "Length must be between 0 and 20",
              property: "messages[0].quickReply.items[0].action.label",
            },
          ]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same answer on validate/* as on the sending endpoints", () => {
    const message = fc.oneof(
      fc.record({ type: fc.constant("text"), text: fc.string({ maxLength: 3 }) }),
      fc.record({
        type: fc.constantFrom("sticker", "txt"),
        packageId: fc.constant("1"),
        stickerId: fc.constant("2"),
      }),
    );
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), (messages) => {
        const sent = validateBroadcastRequest({ messages });
        const validated = validateMessagesOnly("broadcast", { messages });
        expect(validated.ok ? undefined : validated.error).toEqual(
          sent.ok ? undefined : sent.error,
        );
      }),
    );
  });
});
