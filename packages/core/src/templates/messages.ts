import { TEXT_MAX_LENGTH } from "../messages/text-message.ts";
import {
  parseTemplate,
  renderTemplate,
  type Template,
  type TemplateError,
  type TemplateValues,
  type TemplateVariable,
  templateVariables,
  variableKey,
} from "./template.ts";

/** A LINE message object as a campaign stores it; only `text` messages carry placeholders. */
export type CampaignMessage = { type: string; text?: string } & Record<string, unknown>;

/** A campaign's messages with their text templates parsed once. */
export interface CompiledMessages {
  readonly messages: readonly CampaignMessage[];
  /** Per message: the parsed text when it is a text message, else null. */
  readonly templates: readonly (Template | null)[];
  /** Every variable the messages use; empty means one payload for everyone. */
  readonly variables: readonly TemplateVariable[];
}

export type CompileResult =
  | { ok: true; compiled: CompiledMessages }
  | { ok: false; error: TemplateError & { messageIndex: number } };

export function compileMessages(messages: readonly CampaignMessage[]): CompileResult {
  const templates: (Template | null)[] = [];
  const variables = new Map<string, TemplateVariable>();
  for (const [messageIndex, message] of messages.entries()) {
    if (message.type !== "text" || typeof message.text !== "string") {
      templates.push(null);
      continue;
    }
    const parsed = parseTemplate(message.text);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, messageIndex } };
    templates.push(parsed.template);
    for (const variable of templateVariables(parsed.template)) {
      variables.set(variableKey(variable), variable);
    }
  }
  return { ok: true, compiled: { messages, templates, variables: [...variables.values()] } };
}

export function isPersonalised(compiled: CompiledMessages): boolean {
  return compiled.variables.length > 0;
}

export type RenderProblem = "empty_text" | "text_too_long";

export type RenderedMessages =
  | { ok: true; messages: CampaignMessage[] }
  | { ok: false; problem: RenderProblem; messageIndex: number };

/**
 * One friend's payload. A rendered text must still be a valid LINE text message (1–5,000
 * UTF-16 units): a friend whose values break it gets no message rather than a refused batch.
 */
export function renderMessages(
  compiled: CompiledMessages,
  values: TemplateValues,
): RenderedMessages {
  const out: CampaignMessage[] = [];
  for (const [messageIndex, message] of compiled.messages.entries()) {
    const template = compiled.templates[messageIndex];
    if (!template) {
      out.push(message);
      continue;
    }
    const text = renderTemplate(template, values);
    if (text.trim() === "") return { ok: false, problem: "empty_text", messageIndex };
    if (text.length > TEXT_MAX_LENGTH) {
      return { ok: false, problem: "text_too_long", messageIndex };
    }
    out.push({ ...message, text });
  }
  return { ok: true, messages: out };
}
