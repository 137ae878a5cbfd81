import {
  type CampaignMessage,
  type CompiledMessages,
  compileMessages,
  templateVariables,
  variableKey,
} from "@kizuna/core";
import { type MessageProblem, type PlacedProblem, placeProblems } from "@kizuna/core/messages";
import { fieldKeysOf, unknownFieldKeys } from "@kizuna/db";
import { checkMessages } from "@kizuna/line/validation";
import type { ServerDeps } from "../deps.ts";

export type MessagesReview =
  | { ok: true; compiled: CompiledMessages }
  | { ok: false; problems: PlacedProblem[] };

/**
 * Everything that would stop these messages from going out, each placed on its composer field:
 * LINE's rules (the emulator's validator), then personalisation — a placeholder that does not
 * parse, or a custom field the channel does not have.
 */
export async function reviewMessages(
  deps: ServerDeps,
  channelId: string,
  messages: readonly unknown[],
): Promise<MessagesReview> {
  const problems: MessageProblem[] = [];
  const line = checkMessages(messages);
  if (!line.ok) problems.push(...line.problems);
  const compiled = compileMessages(messages.map(asCampaignMessage));
  if (compiled.ok) {
    problems.push(...(await unknownFields(deps, channelId, compiled.compiled)));
  } else {
    const { messageIndex, code, message } = compiled.error;
    problems.push({ property: `messages[${messageIndex}].text`, message, code });
  }
  return compiled.ok && problems.length === 0
    ? { ok: true, compiled: compiled.compiled }
    : { ok: false, problems: placeProblems(problems, messages) };
}

/** Only text messages carry placeholders; anything else passes through as it is. */
function asCampaignMessage(message: unknown): CampaignMessage {
  return typeof message === "object" && message !== null && !Array.isArray(message)
    ? (message as CampaignMessage)
    : { type: "" };
}

async function unknownFields(
  deps: ServerDeps,
  channelId: string,
  compiled: CompiledMessages,
): Promise<MessageProblem[]> {
  const keys = fieldKeysOf(compiled.variables);
  const unknown = new Set(await unknownFieldKeys(deps.database.db, channelId, keys));
  if (unknown.size === 0) return [];
  const problems: MessageProblem[] = [];
  compiled.templates.forEach((template, i) => {
    for (const variable of template ? templateVariables(template) : []) {
      if (variable.kind === "field" && unknown.has(variable.key)) {
        problems.push({
          property: `messages[${i}].text`,
          code: "unknown_custom_field",
          message: `No custom field with the key "${variable.key}" ({{${variableKey(variable)}}}).`,
        });
      }
    }
  });
  return problems;
}
