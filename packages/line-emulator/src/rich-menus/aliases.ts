import { isJsonObject } from "../json.ts";
import {
  invalidProperty,
  type LineError,
  type LineErrorDetail,
  lineError,
  requestBodyErrors,
} from "../messaging/errors.ts";
import { err, ok, type Result } from "../result.ts";
import { findRichMenu } from "../state/rich-menus.ts";
import { type EmulatorState, mapFor } from "../state/state.ts";
import {
  ALIAS_CONFLICT,
  ALIAS_MENU_NOT_FOUND,
  ALIAS_NOT_FOUND,
  TOO_MANY_ALIASES,
} from "./errors.ts";
import { RICH_MENU_ID_PATTERN } from "./menus.ts";

// Rich menu aliases (REF#create-rich-menu-alias): names for menus that `richmenuswitch` actions
// point at, so tabbed menus can switch without knowing menu IDs.

/** LINE: up to 1,000 aliases per LINE Official Account. */
export const MAX_ALIASES = 1000;
const ALIAS_ID = /^[a-z0-9_-]{1,32}$/;

export type RichMenuAlias = { richMenuAliasId: string; richMenuId: string };

export function createRichMenuAlias(
  state: EmulatorState,
  channelId: string,
  body: unknown,
): Result<RichMenuAlias, LineError> {
  const read = readAlias(body, true);
  if (!read.ok) return read;
  const { richMenuAliasId, richMenuId } = read.value;
  const aliases = mapFor(state.richMenus.aliases, channelId);
  if (!hasImage(state, channelId, richMenuId)) return err(ALIAS_MENU_NOT_FOUND);
  if (aliases.has(richMenuAliasId)) return err(ALIAS_CONFLICT);
  if (aliases.size >= MAX_ALIASES) return err(TOO_MANY_ALIASES);
  aliases.set(richMenuAliasId, richMenuId);
  state.changed();
  return ok({ richMenuAliasId, richMenuId });
}

export function updateRichMenuAlias(
  state: EmulatorState,
  channelId: string,
  richMenuAliasId: string,
  body: unknown,
): Result<RichMenuAlias, LineError> {
  const aliases = state.richMenus.aliases.get(channelId);
  if (!aliases?.has(richMenuAliasId)) return err(ALIAS_NOT_FOUND);
  const read = readAlias(body, false);
  if (!read.ok) return read;
  const { richMenuId } = read.value;
  if (!hasImage(state, channelId, richMenuId)) return err(ALIAS_MENU_NOT_FOUND);
  aliases.set(richMenuAliasId, richMenuId);
  state.changed();
  return ok({ richMenuAliasId, richMenuId });
}

export function richMenuAlias(
  state: EmulatorState,
  channelId: string,
  richMenuAliasId: string,
): Result<RichMenuAlias, LineError> {
  const richMenuId = state.richMenus.aliases.get(channelId)?.get(richMenuAliasId);
  return richMenuId ? ok({ richMenuAliasId, richMenuId }) : err(ALIAS_NOT_FOUND);
}

export function deleteRichMenuAlias(
  state: EmulatorState,
  channelId: string,
  richMenuAliasId: string,
): Result<void, LineError> {
  if (!state.richMenus.aliases.get(channelId)?.delete(richMenuAliasId)) {
    return err(ALIAS_NOT_FOUND);
  }
  state.changed();
  return ok(undefined);
}

export function richMenuAliases(state: EmulatorState, channelId: string): RichMenuAlias[] {
  return [...(state.richMenus.aliases.get(channelId) ?? [])].map(
    ([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId }),
  );
}

function hasImage(state: EmulatorState, channelId: string, richMenuId: string): boolean {
  return findRichMenu(state, channelId, richMenuId)?.image !== undefined;
}

function readAlias(body: unknown, withAliasId: boolean): Result<RichMenuAlias, LineError> {
  if (!isJsonObject(body))
    return err(lineError(400, "The request body could not be parsed as JSON"));
  const { richMenuAliasId, richMenuId } = body;
  const missing: LineErrorDetail[] = [];
  if (withAliasId && richMenuAliasId == null) {
    missing.push({ message: "must be specified", property: "richMenuAliasId" });
  }
  if (richMenuId == null) missing.push({ message: "must be specified", property: "richMenuId" });
  if (missing.length > 0) return err(requestBodyErrors(missing));
  if (withAliasId && typeof richMenuAliasId !== "string") {
    return err(invalidProperty("richMenuAliasId"));
  }
  if (typeof richMenuId !== "string") return err(invalidProperty("richMenuId"));
  const details: LineErrorDetail[] = [];
  if (withAliasId && !ALIAS_ID.test(richMenuAliasId as string)) {
    details.push({ message: "invalid richMenuAliasId", property: "richMenuAliasId" });
  }
  if (!RICH_MENU_ID_PATTERN.test(richMenuId)) {
    details.push({ message: "invalid richMenuId", property: "richMenuId" });
  }
  if (details.length > 0) return err(requestBodyErrors(details));
  return ok({ richMenuAliasId: withAliasId ? (richMenuAliasId as string) : "", richMenuId });
}
