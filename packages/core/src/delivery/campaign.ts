import { z } from "zod";
import { messagesSchema as lineMessagesSchema } from "../messages/message.ts";
import { type CampaignMessage, compileMessages } from "../templates/messages.ts";
import { ALL_FRIENDS, audienceSchema } from "./audience.ts";

/**
 * `scheduled`: waits for its time; `queued`: due, waiting for the channel's sender;
 * `sending`: audience snapshotted, batches going out; `done`: every recipient settled
 * (accepted, failed or skipped); `failed`: refused before sending (quota guard);
 * `cancelled`: withdrawn before it started.
 */
export const CAMPAIGN_STATUSES = [
  "scheduled",
  "queued",
  "sending",
  "done",
  "failed",
  "cancelled",
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Why a recipient got nothing although they were in the audience. */
export const SKIP_REASONS = ["blocked", "capped", "quiet_hours"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Why LINE did not take a request, or why none was made, recorded per batch. */
export const FAILURE_REASONS = [
  /** LINE refused the request (4xx): an unknown user, an invalid message … */
  "line_rejected",
  /** The channel access token was refused (401/403). */
  "line_unauthorized",
  /** LINE's monthly message limit is used up (429 "You have reached your monthly limit."). */
  "quota_exhausted",
  /** 429, 5xx or network errors every time, until the attempts ran out. */
  "retries_exhausted",
  /** The friend's values made a text message empty … */
  "empty_text",
  /** … or longer than LINE's 5,000 characters. */
  "text_too_long",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

// Any 1–5 LINE messages (the composer's); the API checks them with LINE's rules
// (@kizuna/line/validation) before it accepts the campaign.
const messagesSchema = lineMessagesSchema.superRefine((messages, ctx) => {
  const compiled = compileMessages(messages as CampaignMessage[]);
  if (!compiled.ok) {
    ctx.addIssue({
      code: "custom",
      path: [compiled.error.messageIndex, "text"],
      message: compiled.error.message,
      params: { templateError: compiled.error.code, index: compiled.error.index },
    });
  }
});

/** A campaign as staff create it. */
export const campaignCreateSchema = z.object({
  name: z.string().trim().max(100).optional(),
  messages: messagesSchema,
  audience: audienceSchema.default(ALL_FRIENDS),
  /** ISO 8601 with offset; absent or null sends now. A past time also sends now. */
  scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type CampaignCreate = z.infer<typeof campaignCreateSchema>;

/** What the pre-send summary is computed for. */
export const campaignEstimateSchema = z.object({
  audience: audienceSchema.default(ALL_FRIENDS),
});
export type CampaignEstimateInput = z.infer<typeof campaignEstimateSchema>;
