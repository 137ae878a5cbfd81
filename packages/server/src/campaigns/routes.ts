import {
  type CampaignCreate,
  campaignCreateSchema,
  campaignEstimateSchema,
  campaignMessageSets,
  compileMessages,
  deliverySettingsSchema,
  newLinkCode,
  trackCampaignLinks,
} from "@kizuna/core";
import { placeProblems } from "@kizuna/core/messages";
import {
  AudienceUnavailable,
  type CampaignView,
  campaignOutcomes,
  cancelCampaign,
  createCampaign,
  fieldKeysOf,
  findCampaign,
  getDeliverySettings,
  listCampaigns,
  saveDeliverySettings,
  unknownFieldKeys,
} from "@kizuna/db";
import { checkMessages } from "@kizuna/line/validation";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireChannel } from "../channels/require-channel.ts";
import { channelParams } from "../channels/routes.ts";
import type { ServerDeps } from "../deps.ts";
import { sendError } from "../http/errors.ts";
import { presentCampaigns } from "./present.ts";
import { audienceProblem, describeAudienceProblems, presendSummary } from "./summary.ts";

const campaignParams = channelParams.extend({ campaignId: z.uuid() });

export function campaignRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    requireChannel(app, deps);

    app.get(
      "/api/channels/:channelId/campaigns",
      { config: { permission: "campaigns:read" }, schema: { params: channelParams } },
      async (request) => ({
        campaigns: await presentCampaigns(
          db,
          request.params.channelId,
          await listCampaigns(db, request.params.channelId),
        ),
      }),
    );

    app.get(
      "/api/channels/:channelId/campaigns/:campaignId",
      { config: { permission: "campaigns:read" }, schema: { params: campaignParams } },
      async (request, reply) => {
        const { channelId, campaignId } = request.params;
        const campaign = await findCampaign(db, channelId, campaignId);
        if (!campaign) return sendError(reply, 404, "campaign_not_found", "No such campaign.");
        const [presented] = await presentCampaigns(db, channelId, [campaign]);
        return { campaign: presented, outcomes: await campaignOutcomes(db, campaignId) };
      },
    );

    app.post(
      "/api/channels/:channelId/campaigns/estimate",
      {
        config: { permission: "campaigns:read" },
        schema: { params: channelParams, body: campaignEstimateSchema },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const refused = await audienceProblem(deps, channelId, request.body.audience);
        if (refused) return sendError(reply, 400, refused.code, refused.message, refused.details);
        return { summary: await presendSummary(deps, channelId, request.body.audience) };
      },
    );

    app.post(
      "/api/channels/:channelId/campaigns",
      {
        config: { permission: "campaigns:send" },
        schema: { params: channelParams, body: campaignCreateSchema },
      },
      async (request, reply) => {
        const { channelId } = request.params;
        const input: CampaignCreate = request.body;
        const problems = lineProblems(input);
        if (problems.length > 0) {
          return sendError(reply, 400, "invalid_messages", "LINE would refuse these messages.", {
            problems,
          });
        }
        const problem = await templateProblem(deps, channelId, input);
        if (problem) return sendError(reply, 400, problem.code, problem.message, problem.details);
        const refused = await audienceProblem(deps, channelId, input.audience);
        if (refused) return sendError(reply, 400, refused.code, refused.message, refused.details);
        const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
        const sendsNow = !scheduledAt || scheduledAt.getTime() <= Date.now();
        // A send now is refused here when it cannot fit; a scheduled one at its start.
        if (sendsNow) {
          const summary = await presendSummary(deps, channelId, input.audience);
          if (!summary.guard.ok) {
            const { code, message, ...figures } = summary.guard;
            return sendError(reply, 409, code, message, figures);
          }
        }
        // Its links become tracking links before it is stored (docs/decisions/012-click-tracking.md).
        const tracked = trackCampaignLinks(input, {
          publicUrl: deps.publicUrl,
          newCode: newLinkCode,
        });
        let campaign: CampaignView;
        try {
          campaign = await createCampaign(db, {
            channelId,
            name: input.name?.trim() || null,
            messages: tracked.campaign.messages ?? [],
            variants: tracked.campaign.variants ?? null,
            audience: input.audience,
            scheduledAt,
            createdBy: request.staff?.user.id ?? null,
            trackedLinks: tracked.links,
          });
        } catch (error) {
          // A segment or list of the audience was deleted since the check above.
          if (!(error instanceof AudienceUnavailable)) throw error;
          const refused = describeAudienceProblems(input.audience, error.problems);
          return sendError(reply, 400, refused.code, refused.message, refused.details);
        }
        request.log.info(
          { campaignId: campaign.id, channelId, status: campaign.status },
          "campaign created",
        );
        const [presented] = await presentCampaigns(db, channelId, [campaign]);
        return reply.code(202).send({ campaign: presented });
      },
    );

    app.post(
      "/api/channels/:channelId/campaigns/:campaignId/cancel",
      { config: { permission: "campaigns:send" }, schema: { params: campaignParams } },
      async (request, reply) => {
        const { channelId, campaignId } = request.params;
        const result = await cancelCampaign(db, channelId, campaignId);
        if (!result.ok) {
          return result.code === "campaign_not_found"
            ? sendError(reply, 404, result.code, "No such campaign.")
            : sendError(
                reply,
                409,
                result.code,
                "The campaign has started; it cannot be cancelled.",
              );
        }
        request.log.info({ campaignId, channelId }, "campaign cancelled");
        const [presented] = await presentCampaigns(db, channelId, [result.campaign]);
        return { campaign: presented };
      },
    );

    app.get(
      "/api/channels/:channelId/delivery-settings",
      { config: { permission: "campaigns:read" }, schema: { params: channelParams } },
      async (request) => ({ settings: await getDeliverySettings(db, request.params.channelId) }),
    );

    app.put(
      "/api/channels/:channelId/delivery-settings",
      {
        config: { permission: "delivery_settings:manage" },
        schema: { params: channelParams, body: deliverySettingsSchema },
      },
      async (request) => {
        const settings = await saveDeliverySettings(db, request.params.channelId, request.body);
        request.log.info({ channelId: request.params.channelId }, "delivery settings saved");
        return { settings };
      },
    );
  };
}

/**
 * LINE's objections to each message set, placed on the composer's fields; a variant's carry its
 * index and LINE's property under `variants[i]` (variants[1].messages[0].text).
 */
function lineProblems(input: CampaignCreate) {
  return campaignMessageSets(input).flatMap((set) => {
    const line = checkMessages(set.messages);
    if (line.ok) return [];
    const placed = placeProblems(line.problems, set.messages);
    if (set.variant === null) return placed;
    return placed.map((problem) => ({
      ...problem,
      property: `variants[${set.variant}].${problem.property}`,
      variant: set.variant,
    }));
  });
}

/** A custom field the messages (every variant's) name must exist in the channel. */
async function templateProblem(deps: ServerDeps, channelId: string, input: CampaignCreate) {
  const keys = new Set<string>();
  for (const set of campaignMessageSets(input)) {
    const compiled = compileMessages(set.messages);
    if (!compiled.ok) return null; // the schema already refused it
    for (const key of fieldKeysOf(compiled.compiled.variables)) keys.add(key);
  }
  const unknown = await unknownFieldKeys(deps.database.db, channelId, [...keys]);
  if (unknown.length === 0) return null;
  return {
    code: "unknown_custom_field",
    message: `No custom field with the key ${unknown.map((k) => `"${k}"`).join(", ")}.`,
    details: { keys: unknown },
  };
}
