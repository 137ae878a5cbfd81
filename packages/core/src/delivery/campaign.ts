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

/** An A/B split has 2–4 variants, labelled by index. */
export const VARIANT_LABELS = ["A", "B", "C", "D"] as const;
export const VARIANTS_MIN = 2;
export const VARIANTS_MAX = VARIANT_LABELS.length;

/** One arm of an A/B split: its messages and the percent of the audience that gets them. */
export const campaignVariantSchema = z.strictObject({
  messages: messagesSchema,
  weight: z.number().int().min(1).max(99),
});
export type CampaignVariant = z.infer<typeof campaignVariantSchema>;

export const campaignVariantsSchema = z
  .array(campaignVariantSchema)
  .min(VARIANTS_MIN)
  .max(VARIANTS_MAX)
  .superRefine((variants, ctx) => {
    // A count out of range is the one problem to tell.
    if (variants.length < VARIANTS_MIN || variants.length > VARIANTS_MAX) return;
    const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
    if (total !== 100) {
      ctx.addIssue({
        code: "custom",
        message: `The variants' weights must add up to 100, not ${total}.`,
        params: { total },
      });
    }
  });

/** A campaign as staff create it: one set of messages, or 2–4 variants of them. */
export const campaignCreateSchema = z
  .object({
    name: z.string().trim().max(100).optional(),
    messages: messagesSchema.optional(),
    variants: campaignVariantsSchema.optional(),
    audience: audienceSchema.default(ALL_FRIENDS),
    /** ISO 8601 with offset; absent or null sends now. A past time also sends now. */
    scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .superRefine((campaign, ctx) => {
    if (campaign.messages !== undefined && campaign.variants !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["variants"],
        message: "Give either messages or variants, not both.",
      });
    } else if (campaign.messages === undefined && campaign.variants === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["messages"],
        message: "Give the messages to send, or variants of them.",
      });
    }
  });
export type CampaignCreate = z.infer<typeof campaignCreateSchema>;

/**
 * The message sets a campaign sends, each with where it sits in the create body: one
 * (variant null) for a single campaign, one per variant for an A/B split.
 */
export function campaignMessageSets(
  campaign: Pick<CampaignCreate, "messages" | "variants">,
): { variant: number | null; path: (string | number)[]; messages: CampaignMessage[] }[] {
  if (campaign.variants) {
    return campaign.variants.map((variant, index) => ({
      variant: index,
      path: ["variants", index, "messages"],
      messages: variant.messages as CampaignMessage[],
    }));
  }
  return [
    { variant: null, path: ["messages"], messages: (campaign.messages ?? []) as CampaignMessage[] },
  ];
}

/** What the pre-send summary is computed for. */
export const campaignEstimateSchema = z.object({
  audience: audienceSchema.default(ALL_FRIENDS),
});
export type CampaignEstimateInput = z.infer<typeof campaignEstimateSchema>;
