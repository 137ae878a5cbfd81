import type { FriendMessageInput, SentContent } from "../friends/messages.ts";
import type { TapInput } from "../friends/taps.ts";
import { isJsonObject, type JsonObject, type JsonValue } from "../json.ts";
import { err, ok, type Result } from "../result.ts";
import { STICKER_RESOURCE_TYPES } from "../webhooks/events.ts";

// Parses what a script asks a virtual friend to send or pick, once, at the edge. The shapes are
// those of webhook.yml's message contents, so a script writes what the bot will receive.

type Parsed<T> = Result<T, string>;

const isString = (v: JsonValue | undefined): v is string => typeof v === "string";
const isNumber = (v: JsonValue | undefined): v is number =>
  typeof v === "number" && Number.isFinite(v);

function optionalString(body: JsonObject, key: string): Parsed<string | undefined> {
  const value = body[key];
  if (value === undefined) return ok(undefined);
  return isString(value) ? ok(value) : err(`${key} must be a string`);
}

/** `{contentType, base64}` → the bytes the bot will download. */
function parseContent(value: JsonValue | undefined): Parsed<SentContent | undefined> {
  if (value === undefined) return ok(undefined);
  if (!isJsonObject(value) || !isString(value.base64)) {
    return err("content must be {contentType, base64}");
  }
  const contentType = isString(value.contentType) ? value.contentType : "application/octet-stream";
  return ok({ contentType, data: Buffer.from(value.base64, "base64") });
}

export function parseFriendMessage(body: JsonObject): Parsed<FriendMessageInput> {
  const type = body.type ?? "text";
  const content = parseContent(body.content);
  if (!content.ok) return content;
  const quoted = optionalString(body, "quotedMessageId");
  if (!quoted.ok) return quoted;
  const quotedMessageId = quoted.value === undefined ? {} : { quotedMessageId: quoted.value };
  const withContent = content.value ? { content: content.value } : {};
  switch (type) {
    case "text": {
      if (!isString(body.text) || body.text === "") return err("text must be a non-empty string");
      if (body.text.length > 5000) return err("text must be at most 5000 characters");
      const emojis = body.emojis;
      if (emojis !== undefined && !Array.isArray(emojis)) return err("emojis must be an array");
      const mention = body.mention;
      if (mention !== undefined && !(isJsonObject(mention) && Array.isArray(mention.mentionees))) {
        return err("mention must be {mentionees: [...]}");
      }
      return ok({
        type: "text",
        text: body.text,
        ...(emojis ? { emojis: emojis as never } : {}),
        ...(mention ? { mention: mention as never } : {}),
        ...quotedMessageId,
      });
    }
    case "image":
    case "video":
    case "audio": {
      const provider = body.contentProvider;
      if (provider !== undefined) {
        if (!isJsonObject(provider) || (provider.type !== "line" && provider.type !== "external")) {
          return err(
            "contentProvider must be {type: line} or {type: external, originalContentUrl, previewImageUrl?}",
          );
        }
        if (provider.type === "external" && !isString(provider.originalContentUrl)) {
          return err("an external contentProvider needs originalContentUrl");
        }
      }
      const contentProvider = provider === undefined ? {} : { contentProvider: provider as never };
      if (type === "image") {
        const imageSet = body.imageSet;
        if (imageSet !== undefined && !(isJsonObject(imageSet) && isString(imageSet.id))) {
          return err("imageSet must be {id, index?, total?}");
        }
        return ok({
          type,
          ...contentProvider,
          ...(imageSet ? { imageSet: imageSet as never } : {}),
          ...withContent,
        });
      }
      if (body.duration !== undefined && !isNumber(body.duration)) {
        return err("duration must be a number of milliseconds");
      }
      const duration = isNumber(body.duration) ? { duration: body.duration } : {};
      return ok({ type, ...duration, ...contentProvider, ...withContent });
    }
    case "file": {
      if (!isString(body.fileName) || body.fileName === "") return err("fileName is required");
      if (body.fileSize !== undefined && !isNumber(body.fileSize))
        return err("fileSize must be a number");
      return ok({
        type: "file",
        fileName: body.fileName,
        ...(isNumber(body.fileSize) ? { fileSize: body.fileSize } : {}),
        ...withContent,
      });
    }
    case "location": {
      const place = parseLocation(body);
      return place.ok ? ok({ type: "location", ...place.value }) : place;
    }
    case "sticker": {
      if (!isString(body.packageId) || !isString(body.stickerId)) {
        return err("a sticker needs packageId and stickerId (strings)");
      }
      const resource = body.stickerResourceType;
      if (
        resource !== undefined &&
        !(STICKER_RESOURCE_TYPES as readonly JsonValue[]).includes(resource)
      ) {
        return err(`stickerResourceType must be one of ${STICKER_RESOURCE_TYPES.join(", ")}`);
      }
      const keywords = body.keywords;
      if (keywords !== undefined && !(Array.isArray(keywords) && keywords.every(isString))) {
        return err("keywords must be strings");
      }
      const text = optionalString(body, "text");
      if (!text.ok) return text;
      return ok({
        type: "sticker",
        packageId: body.packageId,
        stickerId: body.stickerId,
        ...(resource ? { stickerResourceType: resource as never } : {}),
        ...(keywords ? { keywords: keywords as string[] } : {}),
        ...(text.value !== undefined ? { text: text.value } : {}),
        ...quotedMessageId,
      });
    }
    default:
      return err(
        `type must be one of text, image, video, audio, file, location, sticker (not ${JSON.stringify(type)})`,
      );
  }
}

function parseLocation(
  body: JsonObject,
): Parsed<{ title?: string; address?: string; latitude: number; longitude: number }> {
  if (!isNumber(body.latitude) || !isNumber(body.longitude)) {
    return err("a location needs latitude and longitude (numbers)");
  }
  const title = optionalString(body, "title");
  if (!title.ok) return title;
  const address = optionalString(body, "address");
  if (!address.ok) return address;
  return ok({
    ...(title.value !== undefined ? { title: title.value } : {}),
    ...(address.value !== undefined ? { address: address.value } : {}),
    latitude: body.latitude,
    longitude: body.longitude,
  });
}

/** What the person picked in the UI a tap opened: `params`, `location`, `image`. */
export function parseTapInput(body: JsonObject): Parsed<TapInput> {
  const input: TapInput = {};
  if (body.params !== undefined) {
    const params = body.params;
    if (!isJsonObject(params) || !Object.values(params).every(isString)) {
      return err('params must be an object of strings, e.g. {datetime: "2025-12-24T19:00"}');
    }
    input.params = params as Record<string, string>;
  }
  if (body.location !== undefined) {
    if (!isJsonObject(body.location)) return err("location must be an object");
    const place = parseLocation(body.location);
    if (!place.ok) return place;
    input.location = place.value;
  }
  const image = parseContent(body.image);
  if (!image.ok) return image;
  if (image.value) input.image = image.value;
  return ok(input);
}
