import { z } from "zod";

// LINE message objects as the composer builds them and campaigns store them
// (https://developers.line.biz/en/reference/messaging-api/#message-objects). These types say the
// shape; whether LINE would accept the values is the validator's to say
// (@kizuna/line/validation), so a draft with an empty label is still a `Message`.

export const MAX_MESSAGES = 5;
export const MAX_QUICK_REPLY_ITEMS = 13;
export const MAX_TEMPLATE_COLUMNS = 10;

export type ActionType = Action["type"];

/** Actions a message may carry (REF#action-objects); `richmenuswitch` is for rich menus only. */
export type Action =
  | {
      type: "postback";
      label?: string;
      data: string;
      displayText?: string;
      inputOption?: "closeRichMenu" | "openRichMenu" | "openKeyboard" | "openVoice";
      fillInText?: string;
    }
  | { type: "message"; label?: string; text: string }
  | { type: "uri"; label?: string; uri: string; altUri?: { desktop: string } }
  | {
      type: "datetimepicker";
      label?: string;
      data: string;
      mode: "date" | "time" | "datetime";
      initial?: string;
      max?: string;
      min?: string;
    }
  | { type: "clipboard"; label?: string; clipboardText: string }
  /** Quick reply buttons only. */
  | { type: "camera" | "cameraRoll" | "location"; label: string };

export interface QuickReplyItem {
  type: "action";
  imageUrl?: string;
  action: Action;
}

/** Properties every message may have. Only the last message's quick reply is shown. */
interface Common {
  quickReply?: { items: QuickReplyItem[] };
  sender?: { name?: string; iconUrl?: string };
}

export interface TextMessage extends Common {
  type: "text";
  text: string;
  emojis?: { index: number; productId: string; emojiId: string }[];
}

/** Text with `{key}` placeholders filled by `substitution` (emoji or mention). */
export interface TextV2Message extends Common {
  type: "textV2";
  text: string;
  substitution?: Record<string, Record<string, unknown>>;
}

export interface StickerMessage extends Common {
  type: "sticker";
  packageId: string;
  stickerId: string;
}

export interface ImageMessage extends Common {
  type: "image";
  originalContentUrl: string;
  previewImageUrl: string;
}

export interface VideoMessage extends Common {
  type: "video";
  originalContentUrl: string;
  previewImageUrl: string;
  trackingId?: string;
}

export interface AudioMessage extends Common {
  type: "audio";
  originalContentUrl: string;
  /** Milliseconds. */
  duration: number;
}

export interface LocationMessage extends Common {
  type: "location";
  title: string;
  address: string;
  latitude: number;
  longitude: number;
}

export interface ImagemapArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ImagemapAction =
  | { type: "uri"; label?: string; linkUri: string; area: ImagemapArea }
  | { type: "message"; label?: string; text: string; area: ImagemapArea }
  | { type: "clipboard"; label?: string; clipboardText: string; area: ImagemapArea };

export interface ImagemapMessage extends Common {
  type: "imagemap";
  baseUrl: string;
  altText: string;
  /** The width is always 1040. */
  baseSize: { width: number; height: number };
  actions: ImagemapAction[];
  video?: Record<string, unknown>;
}

export interface ButtonsTemplate {
  type: "buttons";
  thumbnailImageUrl?: string;
  imageAspectRatio?: "rectangle" | "square";
  imageSize?: "cover" | "contain";
  imageBackgroundColor?: string;
  title?: string;
  text: string;
  defaultAction?: Action;
  actions: Action[];
}

export interface ConfirmTemplate {
  type: "confirm";
  text: string;
  actions: Action[];
}

export interface CarouselColumn {
  thumbnailImageUrl?: string;
  imageBackgroundColor?: string;
  title?: string;
  text: string;
  defaultAction?: Action;
  actions: Action[];
}

export interface CarouselTemplate {
  type: "carousel";
  columns: CarouselColumn[];
  imageAspectRatio?: "rectangle" | "square";
  imageSize?: "cover" | "contain";
}

export interface ImageCarouselColumn {
  imageUrl: string;
  action: Action;
}

export interface ImageCarouselTemplate {
  type: "image_carousel";
  columns: ImageCarouselColumn[];
}

export type Template = ButtonsTemplate | ConfirmTemplate | CarouselTemplate | ImageCarouselTemplate;
export type TemplateType = Template["type"];

export interface TemplateMessage extends Common {
  type: "template";
  altText: string;
  template: Template;
}

export interface FlexMessage extends Common {
  type: "flex";
  altText: string;
  /** A bubble or a carousel, as Flex JSON. */
  contents: Record<string, unknown>;
}

export interface CouponMessage extends Common {
  type: "coupon";
  couponId: string;
  deliveryTag?: string;
}

export type Message =
  | TextMessage
  | TextV2Message
  | StickerMessage
  | ImageMessage
  | VideoMessage
  | AudioMessage
  | LocationMessage
  | ImagemapMessage
  | TemplateMessage
  | FlexMessage
  | CouponMessage;

export type MessageType = Message["type"];

export const MESSAGE_TYPES = [
  "text",
  "textV2",
  "sticker",
  "image",
  "video",
  "audio",
  "location",
  "imagemap",
  "template",
  "flex",
  "coupon",
] as const satisfies readonly MessageType[];

/**
 * The messages of one send as the API takes them: 1–5 objects, each with a type LINE knows.
 * The shape only: LINE's rules are checked by the validator at the edge, which answers with
 * LINE's property paths.
 */
export const messagesSchema = z
  .array(z.looseObject({ type: z.enum(MESSAGE_TYPES) }))
  .min(1)
  .max(MAX_MESSAGES);
