import { type CompiledSpec, compileSpec } from "../contract/openapi.ts";
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
import { readFindings } from "./validation/details.ts";
import {
  MAX_GRAPHEMES,
  MAX_NARROWCAST_RECIPIENT_OBJECTS,
  MESSAGE_LIMITS,
} from "./validation/limits.ts";
import { checkMessageRules, type RuleContext } from "./validation/rules.ts";

// Request validation for the sending endpoints, derived from messaging-api.yml: each body is
// checked against the spec's request schema with LINE's published limits laid over it
// (validation/limits.ts), then against the rules no schema can say (validation/rules.ts).
// Errors come back in LINE's shape and property paths.

export {
  MAX_MESSAGES,
  MAX_MULTICAST_RECIPIENTS,
  MAX_TEXT_LENGTH,
} from "./validation/limits.ts";

type SendingRequest = { messages: MessageObject[]; notificationDisabled: boolean };

export type PushRequest = SendingRequest & { to: string; customAggregationUnits?: string[] };
export type MulticastRequest = SendingRequest & { to: string[]; customAggregationUnits?: string[] };
export type ReplyRequest = SendingRequest & { replyToken: string };
export type BroadcastRequest = SendingRequest;

export type Recipient =
  | { type: "audience"; audienceGroupId: number }
  | { type: "redelivery"; requestId: string }
  | { type: "operator"; and?: Recipient[]; or?: Recipient[]; not?: Recipient };

export type DemographicFilter =
  | { type: "gender"; oneOf?: ("male" | "female")[] }
  | { type: "age"; gte?: string; lt?: string }
  | { type: "appType"; oneOf?: ("ios" | "android")[] }
  | { type: "area"; oneOf?: string[] }
  | { type: "subscriptionPeriod"; gte?: string; lt?: string }
  | {
      type: "operator";
      and?: DemographicFilter[];
      or?: DemographicFilter[];
      not?: DemographicFilter;
    };

export type NarrowcastLimit = {
  max?: number;
  upToRemainingQuota: boolean;
  forbidPartialDelivery: boolean;
};

export type NarrowcastRequest = SendingRequest & {
  recipient?: Recipient;
  demographic?: DemographicFilter;
  limit: NarrowcastLimit;
};

/** Which send the `validate/*` endpoint stands for. */
export type SendKind = "reply" | "push" | "multicast" | "narrowcast" | "broadcast";

/** Push may go to a user (U…), a group (C…) or a room (R…). */
const RECEIVER_ID = /^[UCR][0-9a-f]{32}$/;
const NOT_AN_OBJECT = lineError(400, "The request body could not be parsed as JSON");

let compiled: CompiledSpec | undefined;

/** messaging-api.yml with LINE's limits, compiled on first use (a few hundred ms). */
function spec(): CompiledSpec {
  compiled ??= compileSpec("messaging-api.yml", {
    overlay: MESSAGE_LIMITS,
    keywords: [MAX_GRAPHEMES],
  });
  return compiled;
}

export function validatePushRequest(body: unknown): Result<PushRequest, LineError> {
  const checked = checkBody("PushMessageRequest", body, (valid) => ({
    // Mentions reach group chats and multi-person chats only.
    mentions: /^[CR]/.test(valid.to as string) ? "allowed" : "refused",
  }));
  if (!checked.ok) return checked;
  const to = checked.value.to as string;
  // LINE answers a malformed receiver ID this way rather than with details.
  if (!RECEIVER_ID.test(to)) return err(invalidProperty("to"));
  return ok(sending<PushRequest>(checked.value));
}

export function validateMulticastRequest(body: unknown): Result<MulticastRequest, LineError> {
  const checked = checkBody("MulticastRequest", body, () => ({ mentions: "refused" }));
  return checked.ok ? ok(sending<MulticastRequest>(checked.value)) : checked;
}

export function validateReplyRequest(body: unknown): Result<ReplyRequest, LineError> {
  // The emulator's chats are 1:1, so a reply can never mention anyone.
  const checked = checkBody("ReplyMessageRequest", body, () => ({ mentions: "refused" }));
  return checked.ok ? ok(sending<ReplyRequest>(checked.value)) : checked;
}

export function validateBroadcastRequest(body: unknown): Result<BroadcastRequest, LineError> {
  const checked = checkBody("BroadcastRequest", body, () => ({ mentions: "refused" }));
  return checked.ok ? ok(sending<BroadcastRequest>(checked.value)) : checked;
}

export function validateNarrowcastRequest(body: unknown): Result<NarrowcastRequest, LineError> {
  const checked = checkBody(
    "NarrowcastRequest",
    body,
    () => ({ mentions: "refused" }),
    narrowcastRules,
  );
  if (!checked.ok) return checked;
  const valid = checked.value;
  const limit = (valid.limit ?? {}) as JsonObject;
  const filter = valid.filter as JsonObject | undefined;
  return ok({
    ...sending<SendingRequest>(valid),
    ...(valid.recipient ? { recipient: valid.recipient as Recipient } : {}),
    ...(filter?.demographic ? { demographic: filter.demographic as DemographicFilter } : {}),
    limit: {
      ...(typeof limit.max === "number" ? { max: limit.max } : {}),
      upToRemainingQuota: limit.upToRemainingQuota === true,
      forbidPartialDelivery: limit.forbidPartialDelivery === true,
    },
  });
}

/**
 * `POST /v2/bot/message/validate/{kind}`: only `messages` is checked (REF#validate-message-objects…),
 * with the rules of that kind of send. Reply and push may reach a group, whose ID the request
 * does not carry, so their mentions pass.
 */
export function validateMessagesOnly(
  kind: SendKind,
  body: unknown,
): Result<MessageObject[], LineError> {
  const mentions = kind === "reply" || kind === "push" ? "allowed" : "refused";
  const checked = checkBody("ValidateMessageRequest", body, () => ({ mentions }));
  return checked.ok ? ok(checked.value.messages as MessageObject[]) : checked;
}

/** PUT /v2/bot/channel/webhook/endpoint. http is allowed so a bot on localhost can be used. */
export function validateWebhookEndpointRequest(body: unknown): Result<string, LineError> {
  const checked = checkBody("SetWebhookEndpointRequest", body, () => ({ mentions: "allowed" }));
  if (!checked.ok) return checked;
  const endpoint = checked.value.endpoint as string;
  const problem = !endpoint
    ? "May not be empty"
    : endpoint.length > 500
      ? "Length must be between 0 and 500"
      : !isHttpUrl(endpoint)
        ? "Must be a valid URL"
        : undefined;
  if (problem) return err(requestBodyErrors([{ message: problem, property: "endpoint" }]));
  return ok(endpoint);
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "https:" || protocol === "http:";
}

/**
 * The two layers every sending body goes through: the schema (unreadable JSON types → "The
 * property … is invalid"; broken rules → details), then the cross-property rules.
 */
function checkBody(
  schemaName: string,
  body: unknown,
  context: (valid: JsonObject) => RuleContext,
  extraRules?: (valid: JsonObject, details: LineErrorDetail[]) => void,
): Result<JsonObject, LineError> {
  if (!isJsonObject(body)) return err(NOT_AN_OBJECT);
  const validate = spec().schema(schemaName);
  validate(body);
  const findings = readFindings(validate.errors);
  if (findings.kind === "unreadable") return err(invalidProperty(findings.property));
  if (findings.kind === "invalid") return err(requestBodyErrors(findings.details));
  const details: LineErrorDetail[] = [];
  if (Array.isArray(body.messages)) {
    checkMessageRules(body.messages as JsonObject[], context(body), details);
  }
  extraRules?.(body, details);
  return details.length > 0 ? err(requestBodyErrors(details)) : ok(body);
}

function sending<T extends SendingRequest>(valid: JsonObject): T {
  return {
    ...valid,
    messages: valid.messages as MessageObject[],
    notificationDisabled: valid.notificationDisabled === true,
  } as unknown as T;
}

function narrowcastRules(valid: JsonObject, details: LineErrorDetail[]): void {
  const limit = valid.limit as JsonObject | undefined;
  if (limit?.forbidPartialDelivery === true && limit.upToRemainingQuota !== true) {
    details.push({
      message: "Can be true only when upToRemainingQuota is true",
      property: "limit.forbidPartialDelivery",
    });
  }
  if (valid.recipient) {
    let objects = 0;
    checkOperators(valid.recipient as JsonObject, "recipient", details, (leaf) => {
      if (leaf.type === "audience" || leaf.type === "redelivery") objects++;
    });
    if (objects > MAX_NARROWCAST_RECIPIENT_OBJECTS) {
      details.push({
        message: `At most ${MAX_NARROWCAST_RECIPIENT_OBJECTS} audiences and request IDs in total`,
        property: "recipient",
      });
    }
  }
  const demographic = (valid.filter as JsonObject | undefined)?.demographic as
    | JsonObject
    | undefined;
  if (demographic) checkOperators(demographic, "filter.demographic", details, () => {});
}

/** An operator object holds exactly one of and / or / not; `visit` sees every other object. */
function checkOperators(
  node: JsonObject,
  path: string,
  details: LineErrorDetail[],
  visit: (leaf: JsonObject) => void,
): void {
  if (node.type !== "operator") {
    visit(node);
    return;
  }
  const present = ["and", "or", "not"].filter((key) => node[key] !== undefined);
  if (present.length !== 1) {
    details.push({ message: "Must have exactly one of and, or, not", property: path });
  }
  for (const key of present) {
    const value = node[key];
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        checkOperators(child as JsonObject, `${path}.${key}[${i}]`, details, visit);
      });
    } else {
      checkOperators(value as JsonObject, `${path}.${key}`, details, visit);
    }
  }
}
