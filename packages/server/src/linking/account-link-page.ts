import {
  checkLinkToken,
  findChannel,
  issueAccountLinkNonce,
  MAX_FAILED_SIGN_INS,
  recordFailedSignIn,
} from "@kizuna/db";
import { accountLinkDialogUrl } from "@kizuna/line";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { verifyWithCompany } from "./company-verify.ts";
import type { LinkingContext } from "./context.ts";
import { acceptFormPosts } from "./pages/form-body.ts";
import { checkFormPost, formTokenFor } from "./pages/form-guard.ts";
import { html, type Lang, languageOf, sendMessagePage, sendPage } from "./pages/html.ts";
import { PAGE_TEXTS } from "./pages/texts.ts";

const linkToken = z.string().min(1).max(200);
const signInForm = z.object({
  linkToken,
  loginId: z.string().max(200).default(""),
  password: z.string().max(200).default(""),
  csrf: z.string().max(500).optional(),
});

/**
 * Way 1, the account link: the hosted sign-in page the chat's 連携する button opens.
 * The company's endpoint checks the credentials; Kizuna then makes the nonce and sends
 * the browser to LINE's account-link dialog, whose accountLink event links the friend.
 */
export function accountLinkPages(context: LinkingContext): FastifyPluginAsyncZod {
  const { db } = context.deps.database;
  return async (app) => {
    acceptFormPosts(app);

    app.get(
      "/link/account",
      { schema: { querystring: z.object({ linkToken: linkToken.optional() }) } },
      async (request, reply) => {
        const lang = languageOf(request);
        const token = request.query.linkToken;
        if (!token) return refuse(reply, lang, "link_token_unknown");
        const state = await checkLinkToken(db, token);
        if (!state.ok) return refuse(reply, lang, state.code);
        if (!context.deps.linking?.verifyUrl) return refuse(reply, lang, "not_configured");
        return showForm(request, reply, lang, token);
      },
    );

    app.post("/link/account", { schema: { body: signInForm } }, async (request, reply) => {
      const lang = languageOf(request);
      const texts = PAGE_TEXTS[lang];
      const form = request.body;
      const key = await context.key();
      const guard = checkFormPost(request, key, form.csrf, subjectOf(form.linkToken));
      if (!guard.ok)
        return sendMessagePage(reply, {
          lang,
          status: 403,
          title: texts.accountLink.title,
          message: texts.formExpired,
          link: { href: pageUrl(form.linkToken), label: texts.retry },
        });
      const state = await checkLinkToken(db, form.linkToken);
      if (!state.ok) return refuse(reply, lang, state.code);

      const verification = await verifyWithCompany(context.deps.linking, {
        loginId: form.loginId.trim(),
        password: form.password,
      });
      if (!verification.ok) {
        if (verification.code !== "wrong_credentials")
          return refuse(reply, lang, verification.code);
        const failures = await recordFailedSignIn(db, form.linkToken);
        request.log.info(
          { channelId: state.channelId, friendId: state.friendId },
          "account link sign-in refused",
        );
        const left = Math.max(0, MAX_FAILED_SIGN_INS - failures);
        if (left === 0) return refuse(reply, lang, "too_many_sign_ins");
        return showForm(request, reply, lang, form.linkToken, {
          error: texts.accountLink.wrongCredentials(left),
          loginId: form.loginId,
        });
      }

      const nonce = await issueAccountLinkNonce(db, {
        linkToken: form.linkToken,
        externalId: verification.externalId,
      });
      if (!nonce.ok) return refuse(reply, lang, nonce.code);
      const channel = await findChannel(db, nonce.channelId);
      request.log.info(
        { channelId: nonce.channelId, friendId: state.friendId },
        "account link nonce issued",
      );
      return reply
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .redirect(accountLinkDialogUrl(channel?.login_base_url, form.linkToken, nonce.nonce), 303);
    });

    function showForm(
      request: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      token: string,
      state: { error?: string; loginId?: string } = {},
    ) {
      const texts = PAGE_TEXTS[lang].accountLink;
      return context.key().then((key) =>
        sendPage(reply, {
          lang,
          title: texts.title,
          status: state.error ? 401 : 200,
          body: html`${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ""}
<p class="note">${texts.intro}</p>
<form method="post" action="/link/account">
<input type="hidden" name="linkToken" value="${token}">
<input type="hidden" name="csrf" value="${formTokenFor(request, reply, key, subjectOf(token), context.secure)}">
<label for="loginId">${texts.loginId}</label>
<input id="loginId" name="loginId" autocomplete="username" required value="${state.loginId ?? ""}">
<label for="password">${texts.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${texts.submit}</button>
</form>`,
        }),
      );
    }
  };
}

const subjectOf = (token: string) => `account_link:${token}`;
const pageUrl = (token: string) => `/link/account?linkToken=${encodeURIComponent(token)}`;

type Refusal =
  | "link_token_unknown"
  | "link_token_expired"
  | "too_many_sign_ins"
  | "unavailable"
  | "not_configured";

function refuse(reply: FastifyReply, lang: Lang, code: Refusal) {
  const texts = PAGE_TEXTS[lang].accountLink;
  const [status, message] = {
    link_token_unknown: [404, texts.linkTokenUnknown],
    link_token_expired: [410, texts.linkTokenExpired],
    too_many_sign_ins: [429, texts.tooManySignIns],
    unavailable: [502, texts.verifyUnavailable],
    not_configured: [503, texts.notConfigured],
  }[code] as [number, string];
  return sendMessagePage(reply, { lang, status, title: texts.title, message });
}
