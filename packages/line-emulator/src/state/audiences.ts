import { type EmulatorState, mapFor } from "./state.ts";

// Audience groups (REF#manage-audience-group): users uploaded by ID, or those who opened or
// clicked a broadcast/narrowcast. Narrowcast targets them through `audienceMembers`.

export type AudienceGroupType = "UPLOAD" | "CLICK" | "IMP";

/** One upload into an UPLOAD audience (LINE's `jobs[]`, type DIFF_ADD). */
export type AudienceJob = {
  audienceGroupJobId: number;
  description?: string;
  /** How many IDs this upload added. */
  audienceCount: number;
  createdAt: number;
  /** When LINE would have finished processing it. */
  readyAt: number;
};

export type AudienceGroup = {
  audienceGroupId: number;
  channelId: string;
  type: AudienceGroupType;
  description: string;
  isIfaAudience: boolean;
  createdAt: number;
  /** The group reads IN_PROGRESS until then (LINE builds audiences asynchronously). */
  readyAt: number;
  /** CLICK and IMP: the broadcast or narrowcast it was built from. */
  requestId?: string;
  clickUrl?: string;
  members: Set<string>;
  jobs: AudienceJob[];
};

export type AudienceState = {
  groups: Map<number, AudienceGroup>;
  /** channelId → its groups in creation order. */
  byChannel: Map<string, Map<number, AudienceGroup>>;
  /** How long a new group or upload stays IN_PROGRESS. */
  readyDelayMs: number;
};

export const DEFAULT_AUDIENCE_READY_DELAY_MS = 1000;

type SavedGroup = Omit<AudienceGroup, "members"> & { members: string[] };

export type AudienceSnapshot = SavedGroup[];

export function createAudienceState(): AudienceState {
  return { groups: new Map(), byChannel: new Map(), readyDelayMs: DEFAULT_AUDIENCE_READY_DELAY_MS };
}

export function addAudienceGroup(state: EmulatorState, group: AudienceGroup): void {
  state.audiences.groups.set(group.audienceGroupId, group);
  mapFor(state.audiences.byChannel, group.channelId).set(group.audienceGroupId, group);
  state.changed();
}

export function deleteAudienceGroup(state: EmulatorState, group: AudienceGroup): void {
  state.audiences.groups.delete(group.audienceGroupId);
  state.audiences.byChannel.get(group.channelId)?.delete(group.audienceGroupId);
  state.changed();
}

/** The channel's audience group with that ID; another channel's group is as good as missing. */
export function findAudienceGroup(
  state: EmulatorState,
  channelId: string,
  audienceGroupId: number,
): AudienceGroup | undefined {
  const group = state.audiences.groups.get(audienceGroupId);
  return group?.channelId === channelId ? group : undefined;
}

export function audienceGroupsOf(state: EmulatorState, channelId: string): AudienceGroup[] {
  return [...(state.audiences.byChannel.get(channelId)?.values() ?? [])];
}

export function takeAudienceSnapshot(state: EmulatorState): AudienceSnapshot {
  return [...state.audiences.groups.values()].map((group) => ({
    ...group,
    members: [...group.members],
  }));
}

export function restoreAudienceSnapshot(state: EmulatorState, snapshot: AudienceSnapshot): void {
  for (const saved of snapshot) {
    const group: AudienceGroup = { ...saved, members: new Set(saved.members) };
    state.audiences.groups.set(group.audienceGroupId, group);
    mapFor(state.audiences.byChannel, group.channelId).set(group.audienceGroupId, group);
  }
}
