import { z } from "zod";
import type { LinkingConfig } from "../deps.ts";

export type CompanyVerification =
  | { ok: true; externalId: string }
  | { ok: false; code: "wrong_credentials" | "unavailable" | "not_configured" };

const verified = z.object({ externalId: z.string().trim().min(1).max(100) });

/**
 * Asks the company's endpoint (LINK_VERIFY_URL) whether a login ID and password belong to a
 * member: `POST {loginId, password}` → `200 {externalId}` or `401`. Kizuna never stores
 * the password; it passes through to the company's own system.
 */
export async function verifyWithCompany(
  config: LinkingConfig | undefined,
  credentials: { loginId: string; password: string },
): Promise<CompanyVerification> {
  if (!config?.verifyUrl) return { ok: false, code: "not_configured" };
  let response: Response;
  try {
    response = await fetch(config.verifyUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(config.verifyToken ? { authorization: `Bearer ${config.verifyToken}` } : {}),
      },
      body: JSON.stringify(credentials),
      redirect: "error",
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { ok: false, code: "unavailable" };
  }
  if (response.status === 401 || response.status === 403 || response.status === 404)
    return { ok: false, code: "wrong_credentials" };
  if (!response.ok) return { ok: false, code: "unavailable" };
  const body = verified.safeParse(await response.json().catch(() => null));
  return body.success
    ? { ok: true, externalId: body.data.externalId }
    : { ok: false, code: "unavailable" };
}
