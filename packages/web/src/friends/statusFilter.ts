import type { FriendStatus } from "../api/types.ts";

/** The status filter as the segmented control holds it: "all" means no filter. */
export type StatusFilter = "all" | FriendStatus;

export function statusOf(filter: StatusFilter): FriendStatus | null {
  return filter === "all" ? null : filter;
}
