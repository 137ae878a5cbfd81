import { z } from "zod";
import {
  assertionResponse,
  autoLoginRequest,
  autoLoginResponse,
  autoLoginVerifyRequest,
  autoLoginVerifyResponse,
  loginSessionRequest,
  loginSessionResponse,
  nonceRequest,
  nonceResponse,
} from "./public-schemas.ts";

const schema = (type: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _, ...json } = z.toJSONSchema(type, { io, unrepresentable: "any" });
  return json;
};
const json = (type: z.ZodType, io: "input" | "output" = "output") => ({
  "application/json": { schema: schema(type, io) },
});
const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const SCOPE = "Needs the linking:write scope.";

/** The linking paths of the public API's OpenAPI document, from the routes' own zod schemas. */
export function linkingOpenApiPaths(): Record<string, object> {
  return {
    "/api/v1/account-link/nonces": {
      post: {
        operationId: "createAccountLinkNonce",
        summary: "A nonce for LINE's account link, for a site with its own sign-in page",
        description: `${SCOPE} Call it after your page signed the member in; send the browser to redirectUrl. The nonce is single use and lives 10 minutes.`,
        requestBody: { required: true, content: json(nonceRequest, "input") },
        responses: {
          "201": { description: "The nonce and LINE's dialog URL", content: json(nonceResponse) },
          "404": error("link_token_unknown: Kizuna did not issue this link token"),
          "410": error("link_token_expired"),
          "429": error("too_many_sign_ins"),
        },
      },
    },
    "/api/v1/line-login/sessions": {
      post: {
        operationId: "createLineLoginSession",
        summary: "Start LINE Login with the add-friend screen on your site",
        description: `${SCOPE} Server to server. With externalId, the friend is linked to that member when the login ends (method line_login).`,
        requestBody: { required: true, content: json(loginSessionRequest, "input") },
        responses: {
          "201": { description: "Where to send the browser", content: json(loginSessionResponse) },
          "400": error("channel_required: name the channel"),
          "409": error("login_channel_missing: the channel has no LINE Login channel"),
        },
      },
    },
    "/api/v1/line-login/assertions/{token}": {
      get: {
        operationId: "redeemLineLoginAssertion",
        summary: "What the LINE Login told, once",
        description: `${SCOPE} The token is the kizuna_assertion parameter of the browser's return; it lives 5 minutes.`,
        parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The LINE account and its member",
            content: json(assertionResponse),
          },
          "404": error("assertion_unknown"),
          "409": error("assertion_used"),
          "410": error("assertion_expired"),
        },
      },
    },
    "/api/v1/auto-login-links": {
      post: {
        operationId: "createAutoLoginLink",
        summary: "A one-tap sign-in URL for a linked friend",
        description: `${SCOPE} Signed, single use, valid 5 minutes.`,
        requestBody: { required: true, content: json(autoLoginRequest, "input") },
        responses: {
          "201": { description: "The URL to send the friend", content: json(autoLoginResponse) },
          "404": error("friend_not_found"),
          "409": error("not_linked"),
        },
      },
    },
    "/api/v1/auto-login-links/verify": {
      post: {
        operationId: "verifyAutoLoginToken",
        summary: "Trade an auto-login token for the member, once",
        description: SCOPE,
        requestBody: { required: true, content: json(autoLoginVerifyRequest, "input") },
        responses: {
          "200": { description: "The member to sign in", content: json(autoLoginVerifyResponse) },
          "400": error("token_malformed"),
          "401": error("token_tampered"),
          "409": error("token_used, or not_linked (unlinked since)"),
          "410": error("token_expired"),
        },
      },
    },
  };
}
