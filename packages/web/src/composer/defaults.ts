import type {
  Action,
  ActionType,
  CarouselColumn,
  ImagemapAction,
  Message,
  QuickReplyItem,
} from "@kizuna/core/messages";

// Fresh objects for what the marketer adds: each starts with what LINE requires, ready to fill.

/** What the "add a message" menu offers: message types, with templates by their kind. */
export const MESSAGE_KINDS = [
  "text",
  "sticker",
  "image",
  "video",
  "audio",
  "location",
  "imagemap",
  "buttons",
  "confirm",
  "carousel",
  "image_carousel",
  "flex",
  "coupon",
  "textV2",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The kind of an existing message: its type, or its template's type. */
export function kindOf(message: Message): MessageKind {
  return message.type === "template" ? message.template.type : message.type;
}

/**
 * A message still as it was added, nothing entered yet: its problems (an empty text, say) are
 * not shown until the user starts on it, as a form does not greet its user with errors.
 */
export function isUntouched(message: Message): boolean {
  return JSON.stringify(message) === JSON.stringify(newMessage(kindOf(message)));
}

export function newMessage(kind: MessageKind): Message {
  switch (kind) {
    case "text":
      return { type: "text", text: "" };
    case "textV2":
      return { type: "textV2", text: "", substitution: {} };
    case "sticker":
      return { type: "sticker", packageId: "446", stickerId: "1988" };
    case "image":
      return { type: "image", originalContentUrl: "", previewImageUrl: "" };
    case "video":
      return { type: "video", originalContentUrl: "", previewImageUrl: "" };
    case "audio":
      return { type: "audio", originalContentUrl: "", duration: 60000 };
    case "location":
      return {
        type: "location",
        title: "",
        address: "",
        latitude: 35.681236,
        longitude: 139.767125,
      };
    case "imagemap":
      return {
        type: "imagemap",
        baseUrl: "",
        altText: "",
        baseSize: { width: 1040, height: 1040 },
        actions: [newImagemapAction()],
      };
    case "buttons":
      return {
        type: "template",
        altText: "",
        template: { type: "buttons", text: "", actions: [newAction("message")] },
      };
    case "confirm":
      return {
        type: "template",
        altText: "",
        template: {
          type: "confirm",
          text: "",
          actions: [newAction("message"), newAction("message")],
        },
      };
    case "carousel":
      return {
        type: "template",
        altText: "",
        template: { type: "carousel", columns: [newColumn(1)] },
      };
    case "image_carousel":
      return {
        type: "template",
        altText: "",
        template: {
          type: "image_carousel",
          columns: [{ imageUrl: "", action: newAction("uri") }],
        },
      };
    case "flex":
      return { type: "flex", altText: "", contents: SAMPLE_BUBBLE };
    case "coupon":
      return { type: "coupon", couponId: "" };
    default: {
      const unknown: never = kind;
      throw new Error(`unknown message kind ${String(unknown)}`);
    }
  }
}

/** An action of the given type with its required properties empty. */
export function newAction(type: ActionType, label = ""): Action {
  switch (type) {
    case "postback":
      return { type, label, data: "" };
    case "message":
      return { type, label, text: "" };
    case "uri":
      return { type, label, uri: "https://" };
    case "datetimepicker":
      return { type, label, data: "", mode: "date" };
    case "clipboard":
      return { type, label, clipboardText: "" };
    case "camera":
    case "cameraRoll":
    case "location":
      return { type, label };
    default: {
      const unknown: never = type;
      throw new Error(`unknown action type ${String(unknown)}`);
    }
  }
}

/** The same action as another type, keeping its label. */
export function retypeAction(action: Action, type: ActionType): Action {
  return newAction(type, action.label ?? "");
}

/** A carousel column with as many actions as its siblings (LINE wants the same count). */
export function newColumn(actions: number): CarouselColumn {
  return { text: "", actions: Array.from({ length: actions }, () => newAction("message")) };
}

export function newImagemapAction(): ImagemapAction {
  return { type: "uri", linkUri: "https://", area: { x: 0, y: 0, width: 1040, height: 1040 } };
}

export function newQuickReplyItem(): QuickReplyItem {
  return { type: "action", action: newAction("message") };
}

const SAMPLE_BUBBLE = {
  type: "bubble",
  body: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "text", text: "タイトル", weight: "bold", size: "xl" },
      { type: "text", text: "本文をここに書きます。", wrap: true, margin: "md" },
    ],
  },
  footer: {
    type: "box",
    layout: "vertical",
    contents: [
      {
        type: "button",
        style: "primary",
        action: { type: "uri", label: "詳しく見る", uri: "https://example.com" },
      },
    ],
  },
};
