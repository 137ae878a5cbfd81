import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../context.ts";
import { field, formBodyParser } from "../login/form-body.ts";
import { html, sendErrorPage, sendPage } from "../login/html.ts";
import { sessionUserOf } from "../login/session.ts";
import { providerOf, userIdsOfProvider } from "../state/providers.ts";
import { completeAccountLink, usableLinkToken } from "./link.ts";

// The account-link dialog LINE serves at access.line.me/dialog/bot/accountLink. In the LINE app
// the visitor is whoever is signed in; here a person picks which virtual user is visiting (the
// token's user is preselected, or the browser's signed-in user), so impersonation — which LINE
// answers with a "failed" event — can be tried too.

export const DIALOG_PATH = "/dialog/bot/accountLink";
/** Enough choices for a person; the token's and the signed-in user are always among them. */
const MAX_CHOICES = 200;

export function accountLinkDialog(ctx: EmulatorContext) {
  return async (app: FastifyInstance): Promise<void> => {
    formBodyParser(app);

    app.get<{ Querystring: { linkToken?: string; nonce?: string } }>(
      DIALOG_PATH,
      async (request, reply) => {
        const { linkToken = "", nonce = "" } = request.query;
        const usable = usableLinkToken(ctx, linkToken);
        if (!usable.ok) {
          return sendErrorPage(reply, 400, "Can't link your account", usable.error.message);
        }
        if (!nonce)
          return sendErrorPage(reply, 400, "Can't link your account", "The link has no nonce.");
        const grant = usable.value;
        const channel = ctx.state.channels.get(grant.channelId);
        const visitor = sessionUserOf(request, ctx.state) ?? grant.userId;
        const choices = visitorChoices(ctx, grant.channelId, [visitor, grant.userId]);
        return sendPage(
          reply,
          200,
          "Link your LINE account",
          html`<h1>Link your LINE account</h1>
<p><strong>${channel?.name ?? grant.channelId}</strong> wants to link your LINE account to your
account on its service.</p>
<form method="post" action="${DIALOG_PATH}">
<input type="hidden" name="linkToken" value="${linkToken}">
<input type="hidden" name="nonce" value="${nonce}">
<label for="visitor">Signed in to LINE as</label>
<select id="visitor" name="userId">${choices.map(
            ({ userId, displayName }) =>
              html`<option value="${userId}"${userId === visitor ? html` selected` : html``}>${displayName} (${userId})</option>`,
          )}</select>
<button class="primary" type="submit">Link accounts</button>
</form>
<p class="muted">You can unlink at any time from the service.</p>`,
        );
      },
    );

    app.post(DIALOG_PATH, async (request, reply) => {
      const outcome = completeAccountLink(ctx, {
        linkToken: field(request.body, "linkToken"),
        nonce: field(request.body, "nonce"),
        visitorUserId: field(request.body, "userId"),
      });
      if (!outcome.ok) {
        return sendErrorPage(reply, 400, "Can't link your account", outcome.error.message);
      }
      if (outcome.value.result === "failed") {
        return sendErrorPage(
          reply,
          403,
          "Linking failed",
          "This link was issued for another LINE account.",
        );
      }
      return sendPage(
        reply,
        200,
        "Accounts linked",
        html`<h1>Accounts linked</h1><p role="status">Your LINE account is now linked.</p>`,
      );
    });
  };
}

function visitorChoices(
  ctx: EmulatorContext,
  channelId: string,
  always: string[],
): { userId: string; displayName: string }[] {
  const ids = new Set(always);
  for (const userId of userIdsOfProvider(ctx.state, providerOf(ctx.state, channelId))) {
    if (ids.size >= MAX_CHOICES) break;
    ids.add(userId);
  }
  return [...ids].flatMap((userId) => {
    const user = ctx.state.users.get(userId);
    return user ? [{ userId, displayName: user.displayName }] : [];
  });
}
