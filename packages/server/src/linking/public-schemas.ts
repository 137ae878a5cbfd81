import { z } from "zod";

/**
 * The linking endpoints of the public API: request and response shapes, used by the routes
 * and by the OpenAPI document alike.
 */
const externalId = z.string().trim().min(1).max(100).describe("The company's member id (会員番号)");
const channelId = z
  .uuid()
  .optional()
  .describe("Kizuna's id of the channel; may be left out while the workspace has one channel");
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const lineUserId = z.string().min(1).max(64).describe("The friend's LINE user id (U…)");

export const nonceRequest = z.object({
  linkToken: z.string().min(1).max(200).describe("The linkToken your sign-in page was opened with"),
  externalId,
});
export const nonceResponse = z.object({
  nonce: z.string(),
  expiresAt: z.iso.datetime(),
  redirectUrl: z.string().describe("LINE's account-link dialog: send the browser here"),
});

export const loginSessionRequest = z.object({
  returnTo: httpUrl.describe("Where the browser comes back, with kizuna_assertion=… added"),
  externalId: externalId
    .optional()
    .describe("The member signed in on your site, to link; leave out to learn who signs in"),
  channelId,
  lang: z.enum(["ja", "en"]).optional().describe("The language of LINE's screens"),
});
export const loginSessionResponse = z.object({
  authorizeUrl: z.string().describe("LINE Login with the add-friend screen: send the browser here"),
  expiresAt: z.iso.datetime(),
});

export const assertionParams = z.object({ token: z.string().min(1).max(200) });
export const assertionResponse = z.object({
  channelId: z.string(),
  lineUserId: z.string(),
  externalId: z.string().nullable().describe("The member this LINE account is linked to now"),
  linked: z.boolean(),
  friendshipStatusChanged: z
    .boolean()
    .nullable()
    .describe("LINE's friendship_status_changed: null when the add-friend screen was not shown"),
  linkPending: z
    .boolean()
    .describe(
      "The visitor declined to add the friend: externalId is the member the site named, linked when this LINE user adds the friend",
    ),
});

export const autoLoginRequest = z.object({
  lineUserId,
  url: httpUrl.describe("The page of your site to open signed in"),
  channelId,
});
export const autoLoginResponse = z.object({
  url: z.string().describe("`url` with kizuna_token=… added"),
  token: z.string(),
  expiresAt: z.iso.datetime(),
});

export const autoLoginVerifyRequest = z.object({ token: z.string().min(1).max(500) });
export const autoLoginVerifyResponse = z.object({
  externalId: z.string(),
  lineUserId: z.string(),
  channelId: z.string(),
});
