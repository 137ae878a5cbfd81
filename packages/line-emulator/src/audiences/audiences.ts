import { randomInt } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import { sentRequests } from "../insight/message-event.ts";
import type { LineError } from "../messaging/errors.ts";
import { err, ok, type Result } from "../result.ts";
import {
  type AudienceGroup,
  type AudienceJob,
  addAudienceGroup,
  audienceGroupsOf,
} from "../state/audiences.ts";
import { engagementOf } from "../state/engagement.ts";
import { receivedMessages } from "../state/received.ts";
import type { EmulatorState } from "../state/state.ts";
import { audienceError } from "./errors.ts";

// Audience groups as LINE manages them (REF#manage-audience-group; manage-audience.yml).

/** LINE: at most 1,000 audiences per channel, kept 180 days; click/imp from sends ≤ 60 days old. */
const MAX_GROUPS = 1000;
const RETENTION_MS = 180 * 86_400_000;
const MAX_REQUEST_AGE_MS = 60 * 86_400_000;
export const MAX_IDS_PER_JSON = 10_000;
export const MAX_IDS_PER_FILE = 1_500_000;

const USER_ID = /^U[0-9a-f]{32}$/;
const IFA = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export type AudienceStatus = "IN_PROGRESS" | "READY" | "EXPIRED";

/** Members of an audience group, for narrowcast; undefined when there is no such group. */
export function audienceMembers(
  state: EmulatorState,
  audienceGroupId: number,
): Set<string> | undefined {
  return state.audiences.groups.get(audienceGroupId)?.members;
}

/** IN_PROGRESS until LINE would have built it (an empty upload audience never gets READY). */
export function audienceStatus(group: AudienceGroup, nowMs: number): AudienceStatus {
  if (nowMs >= group.createdAt + RETENTION_MS) return "EXPIRED";
  if (nowMs < group.readyAt) return "IN_PROGRESS";
  if (group.type === "UPLOAD" && group.members.size === 0) return "IN_PROGRESS";
  return "READY";
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The AudienceGroup object of manage-audience.yml. */
export function describeGroup(group: AudienceGroup, nowMs: number) {
  // Retargeting audiences report 0 users below LINE's privacy threshold of 20.
  const count = group.type !== "UPLOAD" && group.members.size < 20 ? 0 : group.members.size;
  return {
    audienceGroupId: group.audienceGroupId,
    type: group.type,
    description: group.description,
    status: audienceStatus(group, nowMs),
    audienceCount: count,
    created: seconds(group.createdAt),
    ...(group.requestId ? { requestId: group.requestId } : {}),
    ...(group.clickUrl ? { clickUrl: group.clickUrl } : {}),
    isIfaAudience: group.isIfaAudience,
    permission: "READ_WRITE" as const,
    createRoute: "MESSAGING_API" as const,
    expireTimestamp: seconds(group.createdAt + RETENTION_MS),
  };
}

export function describeJob(group: AudienceGroup, job: AudienceJob, nowMs: number) {
  return {
    audienceGroupJobId: job.audienceGroupJobId,
    audienceGroupId: group.audienceGroupId,
    ...(job.description !== undefined ? { description: job.description } : {}),
    type: "DIFF_ADD" as const,
    jobStatus: nowMs < job.readyAt ? ("WORKING" as const) : ("FINISHED" as const),
    audienceCount: job.audienceCount,
    created: seconds(job.createdAt),
  };
}

/** What a create call answers (CreateAudienceGroupResponse and its click/imp siblings). */
export function createdResponse(group: AudienceGroup) {
  const {
    status: _status,
    audienceCount: _count,
    ...created
  } = describeGroup(group, group.createdAt);
  return created;
}

/** Checks an audience name: 1–120 characters, no control characters. */
export function checkDescription(description: unknown): LineError | undefined {
  if (typeof description !== "string" || description.trim() === "") {
    return audienceError("AUDIENCE_GROUP_NAME_EMPTY", "description");
  }
  if (description.length > 120)
    return audienceError("AUDIENCE_GROUP_NAME_SIZE_OVER", "description");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what LINE refuses
  if (/[\u0000-\u001f\u007f]/.test(description)) {
    return audienceError("AUDIENCE_GROUP_NAME_WRONG", "description");
  }
  return undefined;
}

export function checkUploadDescription(value: unknown): LineError | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > 300) {
    return audienceError("AUDIENCE_GROUP_UPLOAD_DESCRIPTION_SIZE_OVER", "uploadDescription");
  }
  return undefined;
}

/**
 * Checks uploaded IDs: all user IDs (or all IFAs), within the per-request limit. Users unknown to
 * the channel are kept, as on LINE: narrowcast just never reaches them.
 */
export function checkIds(
  ids: readonly string[],
  isIfaAudience: boolean,
  limit: number,
  property: (index: number) => string,
): Result<string[], LineError> {
  if (ids.length > limit) return err(audienceError("UPLOAD_AUDIENCE_GROUP_TOO_MANY_AUDIENCE_IDS"));
  const format = isIfaAudience ? IFA : USER_ID;
  const bad = ids.findIndex((id) => !format.test(id));
  if (bad >= 0) {
    return err(audienceError("UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT", property(bad)));
  }
  return ok([...ids]);
}

function newGroupId(state: EmulatorState): number {
  let id = randomInt(1_000_000_000_000, 10_000_000_000_000);
  while (state.audiences.groups.has(id)) id = randomInt(1_000_000_000_000, 10_000_000_000_000);
  return id;
}

let lastJobId = 0;

function newJob(ctx: EmulatorContext, count: number, description?: string): AudienceJob {
  const now = ctx.now();
  lastJobId = Math.max(lastJobId + 1, now % 100_000_000);
  return {
    audienceGroupJobId: lastJobId,
    ...(description !== undefined ? { description } : {}),
    audienceCount: count,
    createdAt: now,
    readyAt: now + ctx.state.audiences.readyDelayMs,
  };
}

type NewGroup = Pick<AudienceGroup, "type" | "description" | "isIfaAudience"> &
  Partial<Pick<AudienceGroup, "requestId" | "clickUrl">>;

function createGroup(
  ctx: EmulatorContext,
  channelId: string,
  input: NewGroup,
  members: Set<string>,
  jobs: AudienceJob[],
): Result<AudienceGroup, LineError> {
  if (audienceGroupsOf(ctx.state, channelId).length >= MAX_GROUPS) {
    return err(audienceError("AUDIENCE_GROUP_COUNT_MAX_OVER"));
  }
  const now = ctx.now();
  const group: AudienceGroup = {
    audienceGroupId: newGroupId(ctx.state),
    channelId,
    ...input,
    createdAt: now,
    readyAt: now + ctx.state.audiences.readyDelayMs,
    members,
    jobs,
  };
  addAudienceGroup(ctx.state, group);
  return ok(group);
}

export function createUploadGroup(
  ctx: EmulatorContext,
  channelId: string,
  input: { description: string; isIfaAudience: boolean; uploadDescription?: string; ids: string[] },
): Result<AudienceGroup, LineError> {
  const members = new Set(input.ids);
  const jobs = members.size > 0 ? [newJob(ctx, members.size, input.uploadDescription)] : [];
  return createGroup(
    ctx,
    channelId,
    { type: "UPLOAD", description: input.description, isIfaAudience: input.isIfaAudience },
    members,
    jobs,
  );
}

/** Adds IDs to an upload audience: a new job, processing for a while like LINE's. */
export function addToUploadGroup(
  ctx: EmulatorContext,
  group: AudienceGroup,
  ids: string[],
  uploadDescription?: string,
): Result<void, LineError> {
  if (audienceStatus(group, ctx.now()) === "EXPIRED") {
    return err(audienceError("AUDIENCE_GROUP_CAN_NOT_UPLOAD_STATUS_EXPIRED"));
  }
  const before = group.members.size;
  for (const id of ids) group.members.add(id);
  group.jobs.push(newJob(ctx, group.members.size - before, uploadDescription));
  // LINE lists the latest 50 jobs.
  if (group.jobs.length > 50) group.jobs.splice(0, group.jobs.length - 50);
  group.readyAt = Math.max(group.readyAt, ctx.now() + ctx.state.audiences.readyDelayMs);
  ctx.state.changed();
  return ok(undefined);
}

/**
 * Click- or impression-based audience: the friends who opened a link (optionally one URL), or who
 * saw a message, of a broadcast or narrowcast this channel sent in the last 60 days.
 */
export function createRetargetingGroup(
  ctx: EmulatorContext,
  channelId: string,
  input: { type: "CLICK" | "IMP"; description: string; requestId: string; clickUrl?: string },
): Result<AudienceGroup, LineError> {
  const { requestId, clickUrl } = input;
  const sent = sentRequests(receivedMessages(ctx.state, channelId), new Set([requestId])).get(
    requestId,
  );
  if (!sent || (sent.via !== "broadcast" && sent.via !== "narrowcast")) {
    return err(audienceError("REQUEST_NOT_FOUND", "requestId"));
  }
  if (ctx.now() - Date.parse(sent.at) > MAX_REQUEST_AGE_MS) {
    return err(audienceError("TOO_OLD_MESSAGES", "requestId"));
  }
  const duplicate = audienceGroupsOf(ctx.state, channelId).some(
    (group) =>
      group.type === input.type && group.requestId === requestId && group.clickUrl === clickUrl,
  );
  if (duplicate) return err(audienceError("AUDIENCE_GROUP_REQUESTID_DUPLICATE", "requestId"));
  const engagement = engagementOf(ctx.state, requestId);
  const users =
    input.type === "IMP"
      ? engagement?.viewers
      : clickUrl !== undefined
        ? engagement?.urlClickers.get(clickUrl)
        : engagement?.clickers;
  return createGroup(
    ctx,
    channelId,
    {
      type: input.type,
      description: input.description,
      isIfaAudience: false,
      requestId,
      ...(clickUrl !== undefined ? { clickUrl } : {}),
    },
    new Set(users),
    [],
  );
}
