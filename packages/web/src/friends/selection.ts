import type { FriendFilter } from "@kizuna/core/friends";
import type { BulkSelection } from "../api/friendData.ts";

/**
 * Which friends a bulk edit is about: some picked by hand, or every friend matching the
 * filter (however many pages they fill), which the server resolves itself.
 */
export type Selection = { kind: "some"; ids: readonly string[] } | { kind: "all" };

export const noSelection: Selection = { kind: "some", ids: [] };

export function isSelected(selection: Selection, id: string): boolean {
  return selection.kind === "all" || selection.ids.includes(id);
}

export function toggleFriend(
  selection: Selection,
  id: string,
  pageIds: readonly string[],
): Selection {
  // Unticking one friend out of "all matching" leaves the rest of the page ticked.
  const ids = selection.kind === "all" ? pageIds : selection.ids;
  return {
    kind: "some",
    ids: ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id],
  };
}

/** Ticks every friend of the page, or unticks them all when they all are. */
export function togglePage(selection: Selection, pageIds: readonly string[]): Selection {
  if (selection.kind === "all" || pageIds.every((id) => selection.ids.includes(id)))
    return noSelection;
  return { kind: "some", ids: [...new Set([...selection.ids, ...pageIds])] };
}

export function pageState(
  selection: Selection,
  pageIds: readonly string[],
): "none" | "some" | "all" {
  if (pageIds.length === 0) return "none";
  const ticked = pageIds.filter((id) => isSelected(selection, id)).length;
  return ticked === 0 ? "none" : ticked === pageIds.length ? "all" : "some";
}

export function selectedCount(selection: Selection, matching: number | undefined): number {
  return selection.kind === "all" ? (matching ?? 0) : selection.ids.length;
}

/** The selection as the bulk API takes it: the filter, or ids picked by hand. */
export function bulkSelectionOf(selection: Selection, filter: FriendFilter): BulkSelection {
  return selection.kind === "all" ? { filter } : { filter: {}, friendIds: [...selection.ids] };
}
