import type { FastifyInstance, FastifyReply } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { controlErrorHandler, sendControlError } from "../control/errors.ts";
import { lenientJsonParser } from "../control/json-body.ts";
import { newChannelId, newChannelSecret } from "../ids.ts";
import type { LoginChannel } from "../state/login.ts";
import { assignProvider, defaultProviderId, providerOf } from "../state/providers.ts";
import { callbackUrl } from "./authorize.ts";
import {
  decide,
  finishWithoutConsent,
  needsConsentPage,
  signIn,
  startAuthorization,
} from "./flow.ts";

// Control API for LINE Login: create Login channels (in a provider, optionally linked to a
// Messaging API channel for bot_prompt), and let a virtual user go through a sign-in as a
// script, without a browser.

type NewLoginChannel = {
  name?: string;
  providerId?: string;
  linkedChannelId?: string;
  callbackUrls: string[];
  channelId?: string;
  channelSecret?: string;
};

type LoginChannelPatch = {
  name?: string;
  linkedChannelId?: string | null;
  callbackUrls?: string[];
};

const callbackUrlsSchema = {
  type: "array",
  minItems: 1,
  maxItems: 50,
  items: { type: "string", pattern: "^https?://", maxLength: 1000 },
};

const createSchema = {
  body: {
    type: "object",
    required: ["callbackUrls"],
    additionalProperties: false,
    properties: {
      name: { type: "string", minLength: 1, maxLength: 100 },
      providerId: { type: "string", minLength: 1, maxLength: 100 },
      linkedChannelId: { type: "string", minLength: 1 },
      callbackUrls: callbackUrlsSchema,
      channelId: { type: "string", pattern: "^[0-9]{10}$" },
      channelSecret: { type: "string", pattern: "^[0-9a-f]{32}$" },
    },
  },
};

const patchSchema = {
  body: {
    type: "object",
    additionalProperties: false,
    properties: {
      name: { type: "string", minLength: 1, maxLength: 100 },
      linkedChannelId: { type: ["string", "null"], minLength: 1 },
      callbackUrls: callbackUrlsSchema,
    },
  },
};

const signInSchema = {
  body: {
    type: "object",
    required: ["authorizeUrl"],
    additionalProperties: false,
    properties: {
      authorizeUrl: { type: "string", minLength: 1 },
      allow: { type: "boolean", default: true },
      addFriend: { type: "boolean" },
    },
  },
};

export function loginControl(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    lenientJsonParser(app);
    app.setErrorHandler(controlErrorHandler);

    app.post<{ Body: NewLoginChannel }>(
      "/login-channels",
      { schema: createSchema },
      async (request, reply) => {
        const input = request.body;
        if (
          input.channelId &&
          (ctx.state.login.channels.has(input.channelId) || ctx.state.channels.has(input.channelId))
        ) {
          return sendControlError(reply, 409, {
            code: "channel_exists",
            message: `Channel ${input.channelId} already exists`,
          });
        }
        const linked = checkLinked(ctx, reply, input.linkedChannelId, input.providerId);
        if (linked === false) return reply;
        let channelId = input.channelId;
        while (
          !channelId ||
          ctx.state.channels.has(channelId) ||
          ctx.state.login.channels.has(channelId)
        ) {
          channelId = newChannelId();
        }
        const channel: LoginChannel = {
          channelId,
          channelSecret: input.channelSecret ?? newChannelSecret(),
          name: input.name ?? `LINE Login channel ${channelId}`,
          providerId: linked?.providerId ?? input.providerId ?? defaultProviderId(channelId),
          linkedChannelId: linked?.channelId ?? null,
          callbackUrls: input.callbackUrls,
          createdAt: new Date(ctx.now()).toISOString(),
        };
        ctx.state.login.channels.set(channelId, channel);
        assignProvider(ctx.state, channelId, channel.providerId);
        return reply.code(201).send(channel);
      },
    );

    app.get("/login-channels", async () => [...ctx.state.login.channels.values()]);

    app.get<{ Params: { channelId: string } }>(
      "/login-channels/:channelId",
      async (request, reply) =>
        ctx.state.login.channels.get(request.params.channelId) ??
        loginChannelNotFound(reply, request.params.channelId),
    );

    app.patch<{ Params: { channelId: string }; Body: LoginChannelPatch }>(
      "/login-channels/:channelId",
      { schema: patchSchema },
      async (request, reply) => {
        const channel = ctx.state.login.channels.get(request.params.channelId);
        if (!channel) return loginChannelNotFound(reply, request.params.channelId);
        const { name, callbackUrls, linkedChannelId } = request.body;
        if (linkedChannelId) {
          const linked = checkLinked(ctx, reply, linkedChannelId, channel.providerId);
          if (linked === false) return reply;
        }
        if (name !== undefined) channel.name = name;
        if (callbackUrls !== undefined) channel.callbackUrls = callbackUrls;
        if (linkedChannelId !== undefined) channel.linkedChannelId = linkedChannelId;
        ctx.state.changed();
        return channel;
      },
    );

    app.post<{
      Params: { userId: string };
      Body: { authorizeUrl: string; allow: boolean; addFriend?: boolean };
    }>("/users/:userId/line-login", { schema: signInSchema }, async (request, reply) => {
      const { userId } = request.params;
      const { authorizeUrl, allow, addFriend } = request.body;
      if (!ctx.state.users.has(userId)) {
        return sendControlError(reply, 404, {
          code: "user_not_found",
          message: `No virtual user ${userId}`,
        });
      }
      const query = Object.fromEntries(
        new URL(authorizeUrl, "http://emulator.invalid").searchParams,
      );
      const start = startAuthorization(ctx, query, userId);
      if (start.kind === "error-page") {
        return sendControlError(reply, 400, {
          code: "invalid_authorization",
          message: start.message,
        });
      }
      let redirect = start.kind === "redirect" ? start.redirect : undefined;
      if (start.kind === "sign-in") {
        const signedIn = signIn(ctx, start.pending, { userId });
        if (!signedIn.ok) return sendControlError(reply, 403, signedIn.error);
        if (needsConsentPage(ctx, signedIn.value)) {
          const decided = decide(ctx, signedIn.value, {
            allow,
            addFriend: addFriend ?? signedIn.value.botPrompt === "aggressive",
          });
          if (!decided.ok) return sendControlError(reply, 400, decided.error);
          redirect = decided.value;
        } else {
          redirect = finishWithoutConsent(ctx, signedIn.value);
        }
      }
      return { location: callbackUrl(redirect!), params: redirect!.params };
    });
  };
}

/**
 * The Messaging API channel to link, which LINE requires to be under the Login channel's
 * provider. `undefined` when none is asked for; `false` when the reply already says why not.
 */
function checkLinked(
  ctx: EmulatorContext,
  reply: FastifyReply,
  linkedChannelId: string | undefined,
  providerId: string | undefined,
): { channelId: string; providerId: string } | undefined | false {
  if (!linkedChannelId) return undefined;
  if (!ctx.state.channels.has(linkedChannelId)) {
    void sendControlError(reply, 404, {
      code: "channel_not_found",
      message: `No Messaging API channel ${linkedChannelId}`,
    });
    return false;
  }
  const linkedProvider = providerOf(ctx.state, linkedChannelId);
  if (providerId && providerId !== linkedProvider) {
    void sendControlError(reply, 409, {
      code: "provider_mismatch",
      message: `Channel ${linkedChannelId} belongs to provider ${linkedProvider}; a LINE Login channel can only link a LINE Official Account of its own provider`,
    });
    return false;
  }
  return { channelId: linkedChannelId, providerId: linkedProvider };
}

function loginChannelNotFound(reply: FastifyReply, channelId: string) {
  return sendControlError(reply, 404, {
    code: "login_channel_not_found",
    message: `No LINE Login channel ${channelId}`,
  });
}
