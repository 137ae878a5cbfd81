import {
  MATCH_MAX_FAILURES,
  type MatchPolicy,
  matchPolicy,
  parseMatchAnswer,
  readMatchFormToken,
} from "@kizuna/core";
import { linkingSettings, matchAndLink, recentMatchFailures } from "@kizuna/db";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LinkingContext } from "./context.ts";
import { acceptFormPosts } from "./pages/form-body.ts";
import { checkFormPost, formTokenFor } from "./pages/form-guard.ts";
import { html, type Lang, languageOf, sendMessagePage, sendPage } from "./pages/html.ts";
import { PAGE_TEXTS } from "./pages/texts.ts";

const formToken = z.string().min(1).max(500);
const answerForm = z.object({
  t: formToken,
  identifierKind: z.string().max(20).default(""),
  identifier: z.string().max(300).default(""),
  secondFactor: z.string().max(300).default(""),
  csrf: z.string().max(500).optional(),
});

interface FormState {
  error?: string;
  identifierKind?: string;
  identifier?: string;
  status?: number;
}

/**
 * Way 3, matching without sign-in (AURA style): the friend's personal form, reached from
 * the URL the chat sends on 会員連携. It links on one member fitting the identifier and the
 * channel's second factor, refuses after five failures a day, and never tells whether a
 * member exists.
 */
export function matchPages(context: LinkingContext): FastifyPluginAsyncZod {
  const { db } = context.deps.database;
  return async (app) => {
    acceptFormPosts(app);

    app.get(
      "/link/match",
      { schema: { querystring: z.object({ t: formToken.optional() }) } },
      async (request, reply) => {
        const lang = languageOf(request);
        const friend = await friendOf(request.query.t);
        if (!friend.ok) return refuse(reply, lang, friend.code);
        if ((await recentMatchFailures(db, friend.friendId, new Date())) >= MATCH_MAX_FAILURES)
          return refuse(reply, lang, "too_many_attempts");
        return showForm(request, reply, lang, request.query.t ?? "", friend.policy, {});
      },
    );

    app.post("/link/match", { schema: { body: answerForm } }, async (request, reply) => {
      const lang = languageOf(request);
      const texts = PAGE_TEXTS[lang];
      const form = request.body;
      const guard = checkFormPost(request, await context.key(), form.csrf, subjectOf(form.t));
      if (!guard.ok)
        return sendMessagePage(reply, {
          lang,
          status: 403,
          title: texts.match.title,
          message: texts.formExpired,
          link: { href: `/link/match?t=${encodeURIComponent(form.t)}`, label: texts.retry },
        });
      const friend = await friendOf(form.t);
      if (!friend.ok) return refuse(reply, lang, friend.code);

      const keep = { identifierKind: form.identifierKind, identifier: form.identifier };
      const answer = parseMatchAnswer(form, friend.policy);
      if (!answer.ok) {
        const kindLabel =
          texts.match.identifierKinds[
            form.identifierKind as keyof typeof texts.match.identifierKinds
          ] ?? texts.match.identifier;
        const factorLabel = texts.match.secondFactors[friend.policy.secondFactor];
        return showForm(request, reply, lang, form.t, friend.policy, {
          ...keep,
          status: 422,
          error:
            answer.code === "invalid_identifier"
              ? texts.match.invalidIdentifier(kindLabel)
              : texts.match.invalidSecondFactor(factorLabel),
        });
      }

      const result = await matchAndLink(db, {
        channelId: friend.channelId,
        friendId: friend.friendId,
        answer: answer.answer,
      });
      request.log.info(
        {
          channelId: friend.channelId,
          friendId: friend.friendId,
          result: result.ok ? "linked" : result.code,
        },
        "match form answered",
      );
      if (result.ok)
        return sendMessagePage(reply, {
          lang,
          title: texts.linked.title,
          message: texts.linked.message,
        });
      switch (result.code) {
        case "no_match":
          return showForm(request, reply, lang, form.t, friend.policy, {
            ...keep,
            status: 422,
            error: texts.match.noMatch(result.remaining),
          });
        case "too_many_attempts":
          return refuse(reply, lang, "too_many_attempts");
        case "friend_not_found":
          return refuse(reply, lang, "token_invalid");
        default:
          return result satisfies never;
      }
    });

    type FriendOf =
      | { ok: true; channelId: string; friendId: string; policy: MatchPolicy }
      | { ok: false; code: "token_invalid" | "token_expired" };

    async function friendOf(token: string | undefined): Promise<FriendOf> {
      if (!token) return { ok: false, code: "token_invalid" };
      const check = readMatchFormToken(await context.key(), token);
      if (!check.ok)
        return { ok: false, code: check.code === "expired" ? "token_expired" : "token_invalid" };
      const settings = await linkingSettings(db, check.claims.c, context.defaultSecondFactor);
      return {
        ok: true,
        channelId: check.claims.c,
        friendId: check.claims.f,
        policy: matchPolicy(settings.matchSecondFactor),
      };
    }

    async function showForm(
      request: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      token: string,
      policy: MatchPolicy,
      state: FormState,
    ) {
      const texts = PAGE_TEXTS[lang].match;
      const factor = texts.secondFactors[policy.secondFactor];
      const identifiers = policy.identifiers.map((kind) => texts.identifierKinds[kind]);
      const csrf = formTokenFor(
        request,
        reply,
        await context.key(),
        subjectOf(token),
        context.secure,
      );
      const chosen = state.identifierKind ?? policy.identifiers[0];
      const factorInput = {
        birthday: html`<input id="secondFactor" name="secondFactor" type="date" required min="1900-01-01" autocomplete="bday">`,
        phone: html`<input id="secondFactor" name="secondFactor" type="tel" required autocomplete="tel">`,
        email: html`<input id="secondFactor" name="secondFactor" type="email" required autocomplete="email">`,
      }[policy.secondFactor];
      return sendPage(reply, {
        lang,
        title: texts.title,
        status: state.status ?? 200,
        body: html`${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ""}
<p class="note">${texts.intro(identifiers, factor)}</p>
<form method="post" action="/link/match">
<input type="hidden" name="t" value="${token}">
<input type="hidden" name="csrf" value="${csrf}">
<label for="identifierKind">${texts.identifierKind}</label>
<select id="identifierKind" name="identifierKind">${policy.identifiers.map(
          (kind) =>
            html`<option value="${kind}"${kind === chosen ? html` selected` : ""}>${texts.identifierKinds[kind]}</option>`,
        )}</select>
<label for="identifier">${texts.identifier(identifiers)}</label>
<input id="identifier" name="identifier" required autocomplete="off" value="${state.identifier ?? ""}">
<label for="secondFactor">${factor}</label>
${factorInput}
<button type="submit">${texts.submit}</button>
</form>`,
      });
    }
  };
}

const subjectOf = (token: string) => `match:${token}`;

function refuse(
  reply: FastifyReply,
  lang: Lang,
  code: "token_invalid" | "token_expired" | "too_many_attempts",
) {
  const texts = PAGE_TEXTS[lang].match;
  const [status, message] = {
    token_invalid: [404, texts.tokenInvalid],
    token_expired: [410, texts.tokenExpired],
    too_many_attempts: [429, texts.tooManyAttempts],
  }[code] as [number, string];
  return sendMessagePage(reply, { lang, status, title: texts.title, message });
}
