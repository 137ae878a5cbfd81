import type { FriendFilter } from "@kizuna/core/friends";

// The admin API contract as the server speaks it. Kept by hand for this first slice;
// once the server's zod schemas live in `core`, these types should be inferred from them.

export type Role = "owner" | "admin" | "operator";

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

export type Session = { state: "setup" } | { state: "anonymous" } | AuthenticatedSession;

export interface AuthenticatedSession {
  state: "authenticated";
  user: SessionUser;
  csrfToken: string;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface Channel {
  id: string;
  lineChannelId: string;
  name: string;
  botUserId: string | null;
  /** `@216ru…`; null until Kizuna has read it from LINE. */
  basicId: string | null;
  pictureUrl: string | null;
  validFriends: number;
  blockedFriends: number;
}

export interface ChannelList {
  channels: Channel[];
}

export type FriendStatus = "following" | "blocked";

export interface Friend {
  id: string;
  lineUserId: string;
  displayName: string | null;
  pictureUrl: string | null;
  status: FriendStatus;
  /** ISO 8601 */
  followedAt: string;
  /** ISO 8601 */
  blockedAt: string | null;
  /** The linked member; null when the friend is not linked (未連携). */
  memberId: string | null;
  inflowRouteId: string | null;
  tagIds: string[];
}

export interface FriendPage {
  friends: Friend[];
  nextCursor: string | null;
}

export interface FriendQuery {
  filter: FriendFilter;
  cursor: string | null;
  limit: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
