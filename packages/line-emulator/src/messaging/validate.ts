import { isJsonObject, type JsonObject } from "../json.ts";
import { err, ok, type Result } from "../result.ts";
import type { MessageObject } from "../state/types.ts";
import {
  invalidProperty,
  type LineError,
  type LineErrorDetail,
  lineError,
  requestBodyErrors,
} from "./errors.ts";

// Request validation for the sending endpoints, in LINE's words. Kept to the rules Kizuna
// relies on today (message count and type, required fields, text length, recipients); a later
// issue replaces this module with validation generated from shared/line-openapi.
//
// Two layers, like LINE's: a body whose JSON types are wrong is rejected with
// "The property, 'x', in the request body is invalid"; a readable body that breaks rules gets
// "The request body has N error(s)" with every problem listed.

export type PushRequest = { to: string; messages: MessageObject[]; notificationDisabled: boolean };
export type MulticastRequest = {
  to: string[];
  messages: MessageObject[];
  notificationDisabled: boolean;
};
export type ReplyRequest = {
  replyToken: string;
  messages: MessageObject[];
  notificationDisabled: boolean;
};

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
] as const;
type MessageType = (typeof MESSAGE_TYPES)[number];

/** Required properties per message type (OAS messaging-api.yml `*Message.required`). */
const REQUIRED: Record<MessageType, string[]> = {
  text: ["text"],
  textV2: ["text"],
  sticker: ["packageId", "stickerId"],
  image: ["originalContentUrl", "previewImageUrl"],
  video: ["originalContentUrl", "previewImageUrl"],
  audio: ["originalContentUrl", "duration"],
  location: ["title", "address", "latitude", "longitude"],
  imagemap: ["baseUrl", "altText", "baseSize", "actions"],
  template: ["altText", "template"],
  flex: ["altText", "contents"],
  coupon: ["couponId"],
};

export const MAX_MESSAGES = 5;
export const MAX_MULTICAST_RECIPIENTS = 500;
/** Counted in UTF-16 code units, which is what a JS string's length is (DOC:text-character-count). */
export const MAX_TEXT_LENGTH = 5000;

export const USER_ID_PATTERN = /^U[0-9a-f]{32}$/;
/** Push may go to a user, a group (C…) or a room (R…). */
const RECEIVER_ID_PATTERN = /^[UCR][0-9a-f]{32}$/;

const EMPTY = "May not be empty";
const NOT_AN_OBJECT = lineError(400, "The request body could not be parsed as JSON");

export function validatePushRequest(body: unknown): Result<PushRequest, LineError> {
  const read = readBody(body);
  if (!read.ok) return read;
  const to = stringField(read.value.body, "to");
  if (!to.ok) return to;
  const details: LineErrorDetail[] = [];
  if (!to.value) details.push({ message: EMPTY, property: "to" });
  const messages = checkMessages(read.value.messages, details);
  if (details.length > 0) return err(requestBodyErrors(details));
  // LINE answers a malformed receiver ID this way rather than with details.
  if (!RECEIVER_ID_PATTERN.test(to.value!)) return err(invalidProperty("to"));
  return ok({ to: to.value!, messages, notificationDisabled: read.value.notificationDisabled });
}

export function validateMulticastRequest(body: unknown): Result<MulticastRequest, LineError> {
  const read = readBody(body);
  if (!read.ok) return read;
  const to = stringArrayField(read.value.body, "to");
  if (!to.ok) return to;
  const details: LineErrorDetail[] = [];
  const recipients = to.value ?? [];
  if (to.value === undefined) details.push({ message: EMPTY, property: "to" });
  else if (recipients.length < 1 || recipients.length > MAX_MULTICAST_RECIPIENTS) {
    details.push({
      message: `Size must be between 1 and ${MAX_MULTICAST_RECIPIENTS}`,
      property: "to",
    });
  } else {
    recipients.forEach((userId, i) => {
      if (!USER_ID_PATTERN.test(userId)) {
        details.push({ message: "Must be a valid user ID", property: `to[${i}]` });
      }
    });
  }
  const messages = checkMessages(read.value.messages, details);
  if (details.length > 0) return err(requestBodyErrors(details));
  return ok({ to: recipients, messages, notificationDisabled: read.value.notificationDisabled });
}

export function validateReplyRequest(body: unknown): Result<ReplyRequest, LineError> {
  const read = readBody(body);
  if (!read.ok) return read;
  const replyToken = stringField(read.value.body, "replyToken");
  if (!replyToken.ok) return replyToken;
  const details: LineErrorDetail[] = [];
  if (!replyToken.value) details.push({ message: EMPTY, property: "replyToken" });
  const messages = checkMessages(read.value.messages, details);
  if (details.length > 0) return err(requestBodyErrors(details));
  return ok({
    replyToken: replyToken.value!,
    messages,
    notificationDisabled: read.value.notificationDisabled,
  });
}

/** PUT /v2/bot/channel/webhook/endpoint. http is allowed so a bot on localhost can be used. */
export function validateWebhookEndpointRequest(body: unknown): Result<string, LineError> {
  if (!isJsonObject(body)) return err(NOT_AN_OBJECT);
  const endpoint = stringField(body, "endpoint");
  if (!endpoint.ok) return endpoint;
  const problem = !endpoint.value
    ? EMPTY
    : endpoint.value.length > 500
      ? "Length must be between 0 and 500"
      : !isHttpUrl(endpoint.value)
        ? "Must be a valid URL"
        : undefined;
  if (problem) return err(requestBodyErrors([{ message: problem, property: "endpoint" }]));
  return ok(endpoint.value!);
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "https:" || protocol === "http:";
}

type SendingBody = {
  body: JsonObject;
  messages: JsonObject[] | undefined;
  notificationDisabled: boolean;
};

/** The JSON-type layer shared by the sending endpoints. */
function readBody(body: unknown): Result<SendingBody, LineError> {
  if (!isJsonObject(body)) return err(NOT_AN_OBJECT);
  const messages = body.messages;
  if (messages !== undefined && messages !== null) {
    if (!Array.isArray(messages)) return err(invalidProperty("messages"));
    const index = messages.findIndex((message) => !isJsonObject(message));
    if (index >= 0) return err(invalidProperty(`messages[${index}]`));
  }
  const notificationDisabled = body.notificationDisabled;
  if (notificationDisabled != null && typeof notificationDisabled !== "boolean") {
    return err(invalidProperty("notificationDisabled"));
  }
  return ok({
    body,
    messages: (messages ?? undefined) as JsonObject[] | undefined,
    notificationDisabled: notificationDisabled === true,
  });
}

function stringField(body: JsonObject, name: string): Result<string | undefined, LineError> {
  const value = body[name];
  if (value === undefined || value === null) return ok(undefined);
  return typeof value === "string" ? ok(value) : err(invalidProperty(name));
}

function stringArrayField(body: JsonObject, name: string): Result<string[] | undefined, LineError> {
  const value = body[name];
  if (value === undefined || value === null) return ok(undefined);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return ok(value as string[]);
  }
  return err(invalidProperty(name));
}

/** The rule layer for `messages`; pushes a detail per problem and returns the messages. */
function checkMessages(
  messages: JsonObject[] | undefined,
  details: LineErrorDetail[],
): MessageObject[] {
  if (messages === undefined) {
    details.push({ message: EMPTY, property: "messages" });
    return [];
  }
  if (messages.length < 1 || messages.length > MAX_MESSAGES) {
    details.push({ message: `Size must be between 1 and ${MAX_MESSAGES}`, property: "messages" });
  }
  messages.forEach((message, i) => {
    checkMessage(message, `messages[${i}]`, details);
  });
  return messages as MessageObject[];
}

function checkMessage(message: JsonObject, path: string, details: LineErrorDetail[]): void {
  const type = message.type;
  if (type === undefined || type === null || type === "") {
    details.push({ message: EMPTY, property: `${path}.type` });
    return;
  }
  if (!isMessageType(type)) {
    details.push({
      message: `Must be one of the following values: [${MESSAGE_TYPES.join(", ")}]`,
      property: `${path}.type`,
    });
    return;
  }
  for (const field of REQUIRED[type]) {
    const value = message[field];
    if (value === undefined || value === null || value === "") {
      details.push({ message: EMPTY, property: `${path}.${field}` });
    }
  }
  if ((type === "text" || type === "textV2") && typeof message.text === "string") {
    if (message.text.length > MAX_TEXT_LENGTH) {
      details.push({
        message: `Length must be between 0 and ${MAX_TEXT_LENGTH}`,
        property: `${path}.text`,
      });
    }
  } else if ((type === "text" || type === "textV2") && message.text != null) {
    details.push({ message: "Must be a string", property: `${path}.text` });
  }
}

function isMessageType(value: unknown): value is MessageType {
  return typeof value === "string" && (MESSAGE_TYPES as readonly string[]).includes(value);
}
