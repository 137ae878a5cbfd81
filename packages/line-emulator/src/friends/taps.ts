import type { EmulatorContext } from "../context.ts";
import type { JsonObject } from "../json.ts";
import { err, ok } from "../result.ts";
import { recordFriendEntry } from "../state/chats.ts";
import type { LinkOpen } from "../state/engagement.ts";
import type { ReceivedMessage } from "../state/types.ts";
import { type PostbackParams, postbackEvent } from "../webhooks/events.ts";
import {
  type Friend,
  type FriendResult,
  findFriend,
  grantReplyToken,
  type QueuedEvent,
  queue,
} from "./common.ts";
import { openLink } from "./links.ts";
import { assertNever, type SentContent, sendMessage } from "./messages.ts";
import { switchRichMenu } from "./rich-menu-display.ts";

// A friend taps an action (REF#action-objects): in a template, Flex or imagemap message, a quick
// reply, a rich menu area, or a raw action a script makes up. Each type does what the LINE app
// does with it.

export type DatetimeMode = "date" | "time" | "datetime";

/** The actions a person can tap, read from a message object. */
export type Action =
  | { type: "postback"; data: string; displayText?: string; text?: string }
  | { type: "message"; text: string }
  | { type: "uri"; uri: string }
  | {
      type: "datetimepicker";
      data: string;
      mode: DatetimeMode;
      initial?: string;
      min?: string;
      max?: string;
    }
  | { type: "camera" }
  | { type: "cameraRoll" }
  | { type: "location" }
  | { type: "richmenuswitch"; richMenuAliasId: string; data: string }
  | { type: "clipboard"; clipboardText: string };

/** What the person chose in the UI the action opened (a picker, the camera, the map). */
export type TapInput = {
  /** The picked value for a datetime picker: `{date}`, `{time}` or `{datetime}` in LINE's format. */
  params?: PostbackParams;
  location?: { title?: string; address?: string; latitude: number; longitude: number };
  image?: SentContent;
};

export type TapOutcome = {
  action: Action;
  /** Webhook events the tap sent. */
  events: QueuedEvent[];
  /** A message the friend sent by tapping (message, camera, location actions, postback `text`). */
  messageId?: string;
  link?: LinkOpen;
  clipboardText?: string;
  richMenuSwitch?: { richMenuAliasId: string; status: string };
};

/** Reads an action object; undefined when it is not something a person can tap. */
export function parseAction(json: JsonObject): Action | undefined {
  const str = (key: string) => (typeof json[key] === "string" ? (json[key] as string) : undefined);
  const optional = (key: string) => {
    const value = str(key);
    return value === undefined ? {} : { [key]: value };
  };
  switch (json.type) {
    case "postback": {
      const data = str("data");
      return data === undefined
        ? undefined
        : { type: "postback", data, ...optional("displayText"), ...optional("text") };
    }
    case "message": {
      const text = str("text");
      return text === undefined ? undefined : { type: "message", text };
    }
    case "uri": {
      const uri = str("uri") ?? str("linkUri");
      return uri === undefined ? undefined : { type: "uri", uri };
    }
    case "datetimepicker": {
      const data = str("data");
      const mode = str("mode");
      if (data === undefined || (mode !== "date" && mode !== "time" && mode !== "datetime")) {
        return undefined;
      }
      return {
        type: "datetimepicker",
        data,
        mode,
        ...optional("initial"),
        ...optional("min"),
        ...optional("max"),
      };
    }
    case "camera":
    case "cameraRoll":
    case "location":
      return { type: json.type };
    case "richmenuswitch": {
      const richMenuAliasId = str("richMenuAliasId");
      const data = str("data");
      return richMenuAliasId === undefined || data === undefined
        ? undefined
        : { type: "richmenuswitch", richMenuAliasId, data };
    }
    case "clipboard": {
      const clipboardText = str("clipboardText");
      return clipboardText === undefined ? undefined : { type: "clipboard", clipboardText };
    }
    default:
      return undefined;
  }
}

/** Where the tapped action was: a received message (its links count as clicks), or elsewhere. */
export type TapOrigin = { message?: ReceivedMessage };

export async function tapAction(
  ctx: EmulatorContext,
  userId: string,
  json: JsonObject,
  input: TapInput = {},
  origin: TapOrigin = {},
): Promise<FriendResult<TapOutcome>> {
  const action = parseAction(json);
  if (!action) {
    return err({
      code: "invalid_action",
      message: `Not an action a person can tap: ${JSON.stringify(json).slice(0, 200)}`,
    });
  }
  const found = findFriend(ctx, userId);
  if (!found.ok) return found;
  const friend = found.value;
  switch (action.type) {
    case "postback":
      return ok(postback(ctx, friend, action, action.data, undefined, action.displayText));
    case "message": {
      const sent = sendMessage(ctx, userId, { type: "text", text: action.text });
      if (!sent.ok) return sent;
      const { messageId, ...event } = sent.value;
      return ok({ action, events: [event], messageId });
    }
    case "uri": {
      const received = origin.message;
      const link = await openLink(
        ctx,
        friend,
        action.uri,
        received ? { messageId: received.messageId, requestId: received.requestId } : undefined,
      );
      return ok({ action, events: [], link });
    }
    case "datetimepicker": {
      const picked = pickDatetime(action, input.params, ctx.now());
      if (!picked.ok) return picked;
      return ok(postback(ctx, friend, action, action.data, { [action.mode]: picked.value }));
    }
    case "camera":
    case "cameraRoll": {
      const sent = sendMessage(ctx, userId, {
        type: "image",
        ...(input.image ? { content: input.image } : {}),
      });
      if (!sent.ok) return sent;
      const { messageId, ...event } = sent.value;
      return ok({ action, events: [event], messageId });
    }
    case "location": {
      const place = input.location ?? TOKYO_STATION;
      const sent = sendMessage(ctx, userId, { type: "location", ...place });
      if (!sent.ok) return sent;
      const { messageId, ...event } = sent.value;
      return ok({ action, events: [event], messageId });
    }
    case "richmenuswitch": {
      const { richMenuAliasId } = action;
      const status = switchRichMenu(ctx, friend.channelId, userId, richMenuAliasId);
      const outcome = postback(ctx, friend, action, action.data, {
        newRichMenuAliasId: richMenuAliasId,
        status,
      });
      return ok({ ...outcome, richMenuSwitch: { richMenuAliasId, status } });
    }
    case "clipboard":
      return ok({ action, events: [], clipboardText: action.clipboardText });
    default:
      return assertNever(action);
  }
}

/**
 * A postback not tied to any message: what a script sends when it only knows the data (and, for
 * a datetime picker or rich menu switch, the params).
 */
export function sendPostback(
  ctx: EmulatorContext,
  userId: string,
  input: { data: string; displayText?: string; params?: PostbackParams },
): FriendResult<TapOutcome> {
  const found = findFriend(ctx, userId);
  if (!found.ok) return found;
  const action: Action = {
    type: "postback",
    data: input.data,
    ...(input.displayText !== undefined ? { displayText: input.displayText } : {}),
  };
  return ok(postback(ctx, found.value, action, input.data, input.params, input.displayText));
}

const TOKYO_STATION = {
  title: "東京駅",
  address: "〒100-0005 東京都千代田区丸の内１丁目",
  latitude: 35.681236,
  longitude: 139.767125,
};

/**
 * A postback: the event, plus what the chat shows. `displayText` appears as the friend's message
 * without a message event; the deprecated `text` is sent as a real message too.
 */
function postback(
  ctx: EmulatorContext,
  friend: Friend,
  action: Action,
  data: string,
  params?: PostbackParams,
  displayText?: string,
): TapOutcome {
  const userId = friend.user.userId;
  const at = ctx.now();
  const events: QueuedEvent[] = [];
  let messageId: string | undefined;
  if (action.type === "postback" && action.text !== undefined && displayText === undefined) {
    const sent = sendMessage(ctx, userId, { type: "text", text: action.text });
    if (sent.ok) {
      const { messageId: id, ...event } = sent.value;
      events.push(event);
      messageId = id;
    }
  } else if (displayText !== undefined) {
    recordFriendEntry(ctx.state, {
      channelId: friend.channelId,
      userId,
      at: new Date(at).toISOString(),
      message: { type: "text", text: displayText },
    });
  }
  const event = postbackEvent(userId, at, grantReplyToken(ctx, friend, at), data, params);
  events.push(queue(ctx, friend, event));
  return { action, events, ...(messageId ? { messageId } : {}) };
}

const FORMATS: Record<DatetimeMode, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
};

/** The value the picker returns: what the person picked, else the initial value, else now (JST). */
function pickDatetime(
  action: Extract<Action, { type: "datetimepicker" }>,
  params: PostbackParams | undefined,
  nowMs: number,
): FriendResult<string> {
  const value = params?.[action.mode] ?? action.initial ?? jstNow(action.mode, nowMs);
  if (!FORMATS[action.mode].test(value)) {
    return err({
      code: "invalid_action",
      message: `A ${action.mode} picker returns ${action.mode === "date" ? "yyyy-MM-dd" : action.mode === "time" ? "HH:mm" : "yyyy-MM-ddTHH:mm"}, not ${value}`,
    });
  }
  // Same-format strings compare in time order; the picker offers nothing outside min…max.
  if ((action.min && value < action.min) || (action.max && value > action.max)) {
    return err({
      code: "invalid_action",
      message: `${value} is outside the picker's range ${action.min ?? "…"} – ${action.max ?? "…"}`,
    });
  }
  return ok(value);
}

function jstNow(mode: DatetimeMode, nowMs: number): string {
  const iso = new Date(nowMs + 9 * 60 * 60 * 1000).toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  return mode === "date" ? date : mode === "time" ? time : `${date}T${time}`;
}
