import { randomBytes } from "node:crypto";
import { checkFormToken, type FormTokenCheck, signFormToken } from "@kizuna/core";
import type { FastifyReply, FastifyRequest } from "fastify";

const BROWSER_COOKIE = "kizuna_form";

/**
 * The CSRF token of a public form: a signed hidden field bound to the page's subject and
 * to a random value in a cookie of this browser (see core's form tokens).
 */
export function formTokenFor(
  request: FastifyRequest,
  reply: FastifyReply,
  key: Buffer,
  subject: string,
  secure: boolean,
): string {
  let browserNonce = request.cookies[BROWSER_COOKIE];
  if (!browserNonce || !/^[A-Za-z0-9_-]{22,64}$/.test(browserNonce)) {
    browserNonce = randomBytes(18).toString("base64url");
    // Lax, not Strict: the page is opened from LINE's chat, another site.
    reply.setCookie(BROWSER_COOKIE, browserNonce, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
    });
  }
  return signFormToken(key, { subject, browserNonce });
}

export function checkFormPost(
  request: FastifyRequest,
  key: Buffer,
  token: string | undefined,
  subject: string,
): FormTokenCheck {
  if (!token) return { ok: false, code: "form_invalid" };
  return checkFormToken(key, token, { subject, browserNonce: request.cookies[BROWSER_COOKIE] });
}
