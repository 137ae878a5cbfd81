import type { CustomKeyword, SchemaObject, SchemaOverlay } from "../../contract/openapi.ts";

// LINE's published limits that messaging-api.yml does not carry, laid over the spec's schemas
// before they are compiled (REF#message-objects, REF#action-objects, DOC:text-character-count;
// summarised in LINE-PLATFORM.md §5). Lengths are UTF-16 code units (`maxLength`), except action
// labels and template texts, which LINE counts in grapheme clusters (`maxGraphemes`).
// `x-line-message` replaces the generic wording of a failed `pattern` or `format`.

export const MAX_MESSAGES = 5;
export const MAX_MULTICAST_RECIPIENTS = 500;
export const MAX_TEXT_LENGTH = 5000;
export const MAX_ALT_TEXT_LENGTH = 1500;
export const MAX_QUICK_REPLY_ITEMS = 13;
export const MAX_TEMPLATE_COLUMNS = 10;
export const MAX_CAROUSEL_BUBBLES = 12;
/** Flex JSON sizes, in bytes of the container's JSON (REF#flex-message). */
export const MAX_BUBBLE_BYTES = 30 * 1024;
export const MAX_CAROUSEL_BYTES = 50 * 1024;
export const MAX_ANIMATED_IMAGES = 10;
/** Audiences plus redelivery request IDs in one narrowcast recipient (REF#send-narrowcast-message). */
export const MAX_NARROWCAST_RECIPIENT_OBJECTS = 10;

export const USER_ID_PATTERN = "^U[0-9a-f]{32}$";

const HTTPS = { pattern: "^https://", "x-line-message": "Must be an HTTPS URL" };
const httpsUrl = (maxLength = 2000) => ({ ...HTTPS, maxLength });
const text = (maxLength: number, minLength = 0) => ({ minLength, maxLength });
const notEmpty = { minLength: 1 };
const graphemes = (max: number) => ({ maxGraphemes: max });
/** An action whose label is required and at most `max` graphemes (REF#action-object-label-spec). */
const labelled = (max: number): SchemaObject => ({
  required: ["label"],
  properties: { label: { ...graphemes(max), minLength: 1 } },
});
const optionalLabel = (max: number): SchemaObject => ({ properties: { label: graphemes(max) } });

export const MESSAGE_LIMITS: SchemaOverlay = {
  PushMessageRequest: {
    to: notEmpty,
    customAggregationUnits: {
      maxItems: 1,
      items: { pattern: "^[a-zA-Z0-9_]{1,30}$", "x-line-message": "Invalid aggregation unit name" },
    },
  },
  MulticastRequest: {
    to: {
      items: { pattern: USER_ID_PATTERN, "x-line-message": "Must be a valid user ID" },
    },
  },
  ReplyMessageRequest: { replyToken: notEmpty },
  AudienceRecipient: { $self: { required: ["audienceGroupId"] } },
  RedeliveryRecipient: { $self: { required: ["requestId"] } },
  OperatorRecipient: { and: { minItems: 1 }, or: { minItems: 1 } },

  QuickReply: { items: { minItems: 1, maxItems: MAX_QUICK_REPLY_ITEMS } },
  QuickReplyItem: {
    $self: { required: ["action"] },
    type: { enum: ["action"] },
    imageUrl: httpsUrl(1000),
    action: labelled(20),
  },
  Sender: { name: notEmpty, iconUrl: HTTPS },

  TextMessage: { text: text(MAX_TEXT_LENGTH, 1), emojis: { maxItems: 20 } },
  Emoji: { $self: { required: ["index", "productId", "emojiId"] }, index: { minimum: 0 } },
  TextMessageV2: {
    text: text(MAX_TEXT_LENGTH, 1),
    substitution: {
      maxProperties: 100,
      propertyNames: { pattern: "^[0-9a-zA-Z_]{1,20}$" },
    },
  },
  UserMentionTarget: {
    userId: { pattern: USER_ID_PATTERN, "x-line-message": "Must be a valid user ID" },
  },
  StickerMessage: { packageId: notEmpty, stickerId: notEmpty },
  ImageMessage: { originalContentUrl: httpsUrl(), previewImageUrl: httpsUrl() },
  VideoMessage: {
    originalContentUrl: httpsUrl(),
    previewImageUrl: httpsUrl(),
    trackingId: text(100, 1),
  },
  AudioMessage: { originalContentUrl: httpsUrl(), duration: { minimum: 1 } },
  LocationMessage: {
    title: text(100, 1),
    address: text(100, 1),
    latitude: { minimum: -90, maximum: 90 },
    longitude: { minimum: -180, maximum: 180 },
  },

  ImagemapMessage: {
    baseUrl: httpsUrl(),
    altText: text(MAX_ALT_TEXT_LENGTH, 1),
    actions: { maxItems: 50 },
  },
  // The base image is always 1040 px wide; `{baseUrl}/1040` is what LINE fetches first.
  ImagemapBaseSize: { width: { enum: [1040] }, height: { minimum: 1 } },
  ImagemapArea: {
    x: { minimum: 0 },
    y: { minimum: 0 },
    width: { minimum: 1 },
    height: { minimum: 1 },
  },
  MessageImagemapAction: { text: text(400, 1), label: text(100) },
  URIImagemapAction: { linkUri: text(1000, 1), label: text(100) },
  ClipboardImagemapAction: { label: text(100) },
  ImagemapVideo: { originalContentUrl: httpsUrl(), previewImageUrl: httpsUrl() },
  ImagemapExternalLink: { linkUri: text(1000, 1), label: text(30, 1) },

  TemplateMessage: { altText: text(MAX_ALT_TEXT_LENGTH, 1) },
  ButtonsTemplate: {
    thumbnailImageUrl: httpsUrl(),
    imageAspectRatio: { enum: ["rectangle", "square"] },
    imageSize: { enum: ["cover", "contain"] },
    title: graphemes(40),
    text: { ...graphemes(160), minLength: 1 },
    actions: { minItems: 1, maxItems: 4, items: labelled(20) },
  },
  ConfirmTemplate: {
    text: { ...graphemes(240), minLength: 1 },
    actions: { minItems: 2, maxItems: 2, items: labelled(20) },
  },
  CarouselTemplate: {
    columns: { minItems: 1, maxItems: MAX_TEMPLATE_COLUMNS },
    imageAspectRatio: { enum: ["rectangle", "square"] },
    imageSize: { enum: ["cover", "contain"] },
  },
  CarouselColumn: {
    thumbnailImageUrl: httpsUrl(),
    title: graphemes(40),
    text: { ...graphemes(120), minLength: 1 },
    actions: { minItems: 1, maxItems: 3, items: labelled(20) },
  },
  ImageCarouselTemplate: { columns: { minItems: 1, maxItems: MAX_TEMPLATE_COLUMNS } },
  ImageCarouselColumn: { imageUrl: httpsUrl(), action: optionalLabel(12) },

  FlexMessage: { altText: text(MAX_ALT_TEXT_LENGTH, 1) },
  FlexCarousel: { contents: { minItems: 1, maxItems: MAX_CAROUSEL_BUBBLES } },
  FlexButton: { action: labelled(40) },
  FlexImage: { url: httpsUrl() },
  FlexIcon: { url: httpsUrl() },
  FlexVideo: { url: httpsUrl(), previewUrl: httpsUrl() },

  PostbackAction: {
    $self: { required: ["data"] },
    data: text(300),
    displayText: text(300),
    text: text(300),
    fillInText: text(300),
  },
  MessageAction: { $self: { required: ["text"] }, text: text(300, 1) },
  URIAction: {
    $self: { required: ["uri"] },
    uri: {
      maxLength: 1000,
      pattern: "^(https?|line|tel):",
      "x-line-message": "The URI scheme must be http, https, line or tel",
    },
  },
  DatetimePickerAction: { $self: { required: ["data", "mode"] } },
  RichMenuSwitchAction: { $self: { required: ["richMenuAliasId", "data"] } },
};

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Grapheme clusters in `text`, counted only when its UTF-16 length could exceed `max`. */
export function withinGraphemes(text: string, max: number): boolean {
  if (text.length <= max) return true;
  let count = 0;
  for (const _ of segmenter.segment(text)) {
    if (++count > max) return false;
  }
  return true;
}

export const MAX_GRAPHEMES: CustomKeyword = {
  keyword: "maxGraphemes",
  type: "string",
  schemaType: "number",
  check: (max: number, data: string) => withinGraphemes(data, max),
};
