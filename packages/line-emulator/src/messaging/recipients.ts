import type { EmulatorContext } from "../context.ts";
import { demographicsOf, friendshipDays } from "../insight/demographics.ts";
import { err, ok, type Result } from "../result.ts";
import { findAudienceGroup } from "../state/audiences.ts";
import type { LineErrorDetail } from "./errors.ts";
import type { DemographicFilter, Recipient } from "./validate.ts";

// Who a narrowcast reaches (REF#send-narrowcast-message): the channel's friends, narrowed by a
// recipient object (audiences, earlier requests' recipients, and/or/not) and a demographic
// filter on the attributes LINE estimates (insight/demographics.ts).

/** Audience groups a recipient names, with their member counts (for LINE's 50-member rule). */
export type ResolvedRecipients = { userIds: Set<string>; audienceSizes: number[] };

export function resolveRecipient(
  ctx: EmulatorContext,
  channelId: string,
  friends: Set<string>,
  recipient: Recipient | undefined,
): Result<ResolvedRecipients, LineErrorDetail> {
  const audienceSizes: number[] = [];
  const resolve = (node: Recipient, path: string): Result<Set<string>, LineErrorDetail> => {
    switch (node.type) {
      case "audience": {
        const group = findAudienceGroup(ctx.state, channelId, node.audienceGroupId);
        if (!group || group.readyAt > ctx.now()) {
          return err({
            message: group ? "The audience group is not ready yet" : "Audience group not found",
            property: `${path}.audienceGroupId`,
          });
        }
        audienceSizes.push(group.members.size);
        return ok(intersect(friends, group.members));
      }
      case "redelivery": {
        const earlier = ctx.narrowcasts.recipients.get(node.requestId);
        if (!earlier || earlier.channelId !== channelId) {
          return err({ message: "Request not found", property: `${path}.requestId` });
        }
        return ok(intersect(friends, new Set(earlier.userIds)));
      }
      case "operator": {
        if (node.not) {
          const excluded = resolve(node.not, `${path}.not`);
          if (!excluded.ok) return excluded;
          return ok(new Set([...friends].filter((userId) => !excluded.value.has(userId))));
        }
        const key = node.and ? "and" : "or";
        const parts: Set<string>[] = [];
        for (const [i, child] of (node.and ?? node.or ?? []).entries()) {
          const part = resolve(child, `${path}.${key}[${i}]`);
          if (!part.ok) return part;
          parts.push(part.value);
        }
        return ok(
          key === "and" ? parts.reduce(intersect) : new Set(parts.flatMap((part) => [...part])),
        );
      }
      default:
        return unreachable(node);
    }
  };
  if (!recipient) return ok({ userIds: friends, audienceSizes });
  const resolved = resolve(recipient, "recipient");
  return resolved.ok ? ok({ userIds: resolved.value, audienceSizes }) : resolved;
}

const AGES: Record<string, number> = Object.fromEntries(
  [15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70].map((age) => [`age_${age}`, age]),
);
const PERIOD_DAYS: Record<string, number> = {
  day_7: 7,
  day_30: 30,
  day_90: 90,
  day_180: 180,
  day_365: 365,
};

/** Whether a friend matches a demographic filter; unknown attributes never match. */
export function matchesDemographic(
  ctx: EmulatorContext,
  channelId: string,
  userId: string,
  filter: DemographicFilter,
  nowMs: number,
): boolean {
  switch (filter.type) {
    case "operator":
      if (filter.not) return !matchesDemographic(ctx, channelId, userId, filter.not, nowMs);
      if (filter.and) {
        return filter.and.every((part) => matchesDemographic(ctx, channelId, userId, part, nowMs));
      }
      return (filter.or ?? []).some((part) =>
        matchesDemographic(ctx, channelId, userId, part, nowMs),
      );
    case "gender": {
      const { gender } = demographicsOf(ctx.state, userId);
      return gender !== null && (filter.oneOf ?? []).includes(gender);
    }
    case "appType": {
      const { appType } = demographicsOf(ctx.state, userId);
      return (filter.oneOf ?? []).some((type) => type === appType);
    }
    case "area": {
      const { area } = demographicsOf(ctx.state, userId);
      return area !== null && (filter.oneOf ?? []).includes(area);
    }
    case "age": {
      const { age } = demographicsOf(ctx.state, userId);
      return age !== null && inRange(age, AGES, filter.gte, filter.lt);
    }
    case "subscriptionPeriod": {
      const days = friendshipDays(ctx.state, channelId, userId, nowMs);
      return days !== undefined && inRange(days, PERIOD_DAYS, filter.gte, filter.lt);
    }
    default:
      return unreachable(filter);
  }
}

function inRange(
  value: number,
  scale: Record<string, number>,
  gte: string | undefined,
  lt: string | undefined,
): boolean {
  if (gte !== undefined && value < scale[gte]!) return false;
  if (lt !== undefined && value >= scale[lt]!) return false;
  return true;
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const both = new Set<string>();
  for (const value of small) if (large.has(value)) both.add(value);
  return both;
}

function unreachable(value: never): never {
  throw new Error(`Unhandled narrowcast object ${JSON.stringify(value)}`);
}
