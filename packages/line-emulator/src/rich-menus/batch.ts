import { isJsonObject, type JsonValue } from "../json.ts";
import {
  invalidProperty,
  type LineError,
  type LineErrorDetail,
  lineError,
  requestBodyErrors,
} from "../messaging/errors.ts";
import { err, ok, type Result } from "../result.ts";
import { findRichMenu, type RichMenuBatch } from "../state/rich-menus.ts";
import { type EmulatorState, mapFor } from "../state/state.ts";
import { isUserIdFormat } from "../users-api/user-id.ts";
import { MENU_NOT_FOUND, NO_IMAGE } from "./errors.ts";
import { canHaveMenu, RICH_MENU_ID_PATTERN, showableMenu } from "./menus.ts";

// Bulk link / unlink (REF#link-rich-menu-to-users) and batch control (REF#batch-control-rich-
// menus-of-users). Both answer 202 and change links afterwards, as LINE does in the background.

export const MAX_BULK_USERS = 500;
export const MAX_BATCH_OPERATIONS = 1000;
/** LINE keeps a resumeRequestKey for 14 days. */
export const RESUME_KEY_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;
/** Progress of old batches is forgotten past this many. */
const BATCH_HISTORY = 10_000;
const RESUME_KEY = /^[a-zA-Z0-9_-]{1,100}$/;

const UNREADABLE = lineError(400, "The request body could not be parsed as JSON");

export type BulkLink = { richMenuId: string; userIds: string[] };

export function readBulkLink(
  state: EmulatorState,
  channelId: string,
  body: unknown,
): Result<BulkLink, LineError> {
  if (!isJsonObject(body)) return err(UNREADABLE);
  if (body.richMenuId == null) {
    return err(requestBodyErrors([{ message: "must be specified", property: "richMenuId" }]));
  }
  if (typeof body.richMenuId !== "string") return err(invalidProperty("richMenuId"));
  const userIds = readUserIds(body.userIds);
  if (!userIds.ok) return userIds;
  const menu = showableMenu(state, channelId, body.richMenuId);
  if (!menu.ok) return menu;
  return ok({ richMenuId: body.richMenuId, userIds: userIds.value });
}

export function readBulkUnlink(body: unknown): Result<string[], LineError> {
  if (!isJsonObject(body)) return err(UNREADABLE);
  return readUserIds(body.userIds);
}

function readUserIds(value: JsonValue | undefined): Result<string[], LineError> {
  if (value == null) {
    return err(requestBodyErrors([{ message: "must be specified", property: "userIds" }]));
  }
  if (!Array.isArray(value)) return err(invalidProperty("userIds"));
  const details: LineErrorDetail[] = [];
  if (value.length < 1 || value.length > MAX_BULK_USERS) {
    details.push({ message: `Size must be between 1 and ${MAX_BULK_USERS}`, property: "userIds" });
  }
  value.forEach((id, i) => {
    if (typeof id !== "string" || !isUserIdFormat(id)) {
      details.push({ message: "invalid userId", property: `userIds[${i}]` });
    }
  });
  if (details.length > 0) return err(requestBodyErrors(details));
  return ok(value as string[]);
}

/** Links the menu to those of the users who can have one (friends of the channel). */
export function applyBulkLink(state: EmulatorState, channelId: string, bulk: BulkLink): void {
  // The menu may have been deleted between the 202 and now; then nothing happens.
  if (!findRichMenu(state, channelId, bulk.richMenuId)) return;
  const links = mapFor(state.richMenus.userLinks, channelId);
  for (const userId of bulk.userIds) {
    if (canHaveMenu(state, channelId, userId)) links.set(userId, bulk.richMenuId);
  }
  state.changed();
}

export function applyBulkUnlink(state: EmulatorState, channelId: string, userIds: string[]): void {
  const links = state.richMenus.userLinks.get(channelId);
  if (!links) return;
  for (const userId of userIds) links.delete(userId);
  state.changed();
}

export type BatchOperation =
  | { type: "link"; from: string; to: string }
  | { type: "unlink"; from: string }
  | { type: "unlinkAll" };

export type BatchRequest = { operations: BatchOperation[]; resumeRequestKey?: string };

const OPERATION_TYPES = ["link", "unlink", "unlinkAll"];

/** Checks a batch request as LINE does; the validate/batch endpoint answers with the same. */
export function readBatchRequest(
  state: EmulatorState,
  channelId: string,
  body: unknown,
): Result<BatchRequest, LineError> {
  if (!isJsonObject(body)) return err(UNREADABLE);
  const { operations, resumeRequestKey } = body;
  if (operations == null) {
    return err(requestBodyErrors([{ message: "must be specified", property: "operations" }]));
  }
  if (!Array.isArray(operations)) return err(invalidProperty("operations"));
  if (resumeRequestKey != null && typeof resumeRequestKey !== "string") {
    return err(invalidProperty("resumeRequestKey"));
  }
  const details: LineErrorDetail[] = [];
  if (operations.length < 1 || operations.length > MAX_BATCH_OPERATIONS) {
    details.push({
      message: `Size must be between 1 and ${MAX_BATCH_OPERATIONS}`,
      property: "operations",
    });
  }
  if (typeof resumeRequestKey === "string" && !RESUME_KEY.test(resumeRequestKey)) {
    details.push({ message: "invalid resumeRequestKey", property: "resumeRequestKey" });
  }
  const read: BatchOperation[] = [];
  operations.forEach((operation, i) => {
    const at = `operations[${i}]`;
    if (!isJsonObject(operation)) {
      details.push({ message: "must be an object", property: at });
      return;
    }
    const { type, from, to } = operation;
    if (typeof type !== "string" || !OPERATION_TYPES.includes(type)) {
      details.push({
        message: `Must be one of the following values: [${OPERATION_TYPES.join(", ")}]`,
        property: `${at}.type`,
      });
      return;
    }
    if (type === "unlinkAll") {
      read.push({ type });
      return;
    }
    const fromId = menuId(from, `${at}.from`, details);
    if (type === "unlink") {
      if (fromId) read.push({ type, from: fromId });
      return;
    }
    const toId = menuId(to, `${at}.to`, details);
    if (fromId && toId) read.push({ type: "link", from: fromId, to: toId });
  });
  if (read.some((op) => op.type === "unlinkAll") && read.length > 1) {
    details.push({
      message: "'unlinkAll' type can't be combined with other type",
      property: "operations[].type",
    });
  }
  const seen = new Set<string>();
  for (const op of read) {
    if (op.type === "unlinkAll") continue;
    if (seen.has(op.from)) {
      details.push({
        message: `from richmenu (${op.from}) is duplicated`,
        property: "operations[].from",
      });
    }
    seen.add(op.from);
  }
  if (details.length > 0) return err(requestBodyErrors(details));
  // Checked once the body is well formed: menus must exist, and a replacement needs its image.
  for (const op of read) {
    if (op.type === "unlinkAll") continue;
    if (!findRichMenu(state, channelId, op.from)) return err(MENU_NOT_FOUND);
    if (op.type === "link") {
      const to = findRichMenu(state, channelId, op.to);
      if (!to) return err(MENU_NOT_FOUND);
      if (!to.image) return err(NO_IMAGE);
    }
  }
  return ok({
    operations: read,
    ...(typeof resumeRequestKey === "string" ? { resumeRequestKey } : {}),
  });
}

function menuId(value: JsonValue | undefined, property: string, details: LineErrorDetail[]) {
  if (value == null) {
    details.push({ message: "must be specified", property });
    return undefined;
  }
  if (typeof value !== "string" || !RICH_MENU_ID_PATTERN.test(value)) {
    details.push({ message: "invalid richMenuId", property });
    return undefined;
  }
  return value;
}

/**
 * Records an accepted batch as `ongoing`. A resumeRequestKey seen in the last 14 days means a
 * retry: the earlier request already finished every user, so this one has nothing left to do.
 */
export function acceptBatch(
  state: EmulatorState,
  channelId: string,
  request: BatchRequest,
  requestId: string,
  nowMs: number,
): { batch: RichMenuBatch; operations: BatchOperation[] } {
  let operations = request.operations;
  if (request.resumeRequestKey) {
    const keys = mapFor(state.richMenus.resumeKeys, channelId);
    const acceptedAt = keys.get(request.resumeRequestKey);
    if (acceptedAt !== undefined && nowMs - acceptedAt < RESUME_KEY_RETENTION_MS) operations = [];
    else keys.set(request.resumeRequestKey, nowMs);
  }
  const batch: RichMenuBatch = {
    requestId,
    channelId,
    phase: "ongoing",
    acceptedTime: new Date(nowMs).toISOString(),
  };
  const batches = state.richMenus.batches;
  batches.set(requestId, batch);
  if (batches.size > BATCH_HISTORY) batches.delete(batches.keys().next().value!);
  state.changed();
  return { batch, operations };
}

/**
 * Runs the operations against the links as they were before the batch: each operation is
 * independent (A→B and B→C move A's users to B, not on to C), as LINE documents.
 */
export function applyBatch(
  state: EmulatorState,
  batch: RichMenuBatch,
  operations: BatchOperation[],
  nowMs: number,
): void {
  const links = mapFor(state.richMenus.userLinks, batch.channelId);
  let failed = false;
  if (operations.some((op) => op.type === "unlinkAll")) {
    links.clear();
  } else {
    const byFrom = new Map<string, BatchOperation>();
    for (const op of operations) if (op.type !== "unlinkAll") byFrom.set(op.from, op);
    for (const [userId, richMenuId] of [...links]) {
      const op = byFrom.get(richMenuId);
      if (op?.type === "unlink") links.delete(userId);
      if (op?.type !== "link") continue;
      // The target may have been deleted since the 202: those users stay as they were.
      if (findRichMenu(state, batch.channelId, op.to)) links.set(userId, op.to);
      else failed = true;
    }
  }
  batch.phase = failed ? "failed" : "succeeded";
  batch.completedTime = new Date(nowMs).toISOString();
  state.changed();
}

export function batchProgress(
  state: EmulatorState,
  channelId: string,
  requestId: string,
): Result<RichMenuBatch, LineError> {
  const batch = state.richMenus.batches.get(requestId);
  return batch?.channelId === channelId ? ok(batch) : err(lineError(404, "Not found"));
}
