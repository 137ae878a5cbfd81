import { validateSchema } from "../contract/openapi.ts";

/**
 * Errors of a webhook POST body against `CallbackRequest` in LINE's webhook.yml (discriminators
 * followed, so each event and message type is checked against its own schema); [] when valid.
 */
export function webhookBodyErrors(body: unknown): string[] {
  const check = validateSchema("webhook.yml", "CallbackRequest", body);
  return check.ok ? [] : check.errors;
}
