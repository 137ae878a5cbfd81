import type { EmulatorState } from "./state.ts";

// LINE issues user IDs per provider: the same person has the same userId in every channel
// (Messaging API or LINE Login) under one provider, and another ID under another provider
// (https://developers.line.biz/en/docs/messaging-api/getting-user-ids/#unit-for-issuing-user-ids).
//
// A channel's provider is recorded here only when it was chosen (LINE Login channels, scripts);
// every other channel — all Messaging API channels created before providers existed — sits in a
// provider of its own, `provider-<channelId>`, so nothing about them changes.

export type ProviderState = {
  /** channelId → providerId, for channels whose provider was chosen. */
  channelProviders: Map<string, string>;
};

export type ProviderSnapshot = { channelId: string; providerId: string }[];

export function createProviderState(): ProviderState {
  return { channelProviders: new Map() };
}

export function defaultProviderId(channelId: string): string {
  return `provider-${channelId}`;
}

export function providerOf(state: EmulatorState, channelId: string): string {
  return state.providers.channelProviders.get(channelId) ?? defaultProviderId(channelId);
}

export function assignProvider(state: EmulatorState, channelId: string, providerId: string): void {
  state.providers.channelProviders.set(channelId, providerId);
  state.changed();
}

/** The provider a virtual user belongs to: that of the channel the user was created under. */
export function providerOfUser(state: EmulatorState, userId: string): string | undefined {
  const user = state.users.get(userId);
  return user ? providerOf(state, user.channelId) : undefined;
}

/** Every virtual user of the provider, in channel and creation order (lazily: there may be millions). */
export function* userIdsOfProvider(state: EmulatorState, providerId: string): Generator<string> {
  const channelIds = new Set([
    ...state.channels.keys(),
    ...state.providers.channelProviders.keys(),
  ]);
  for (const channelId of channelIds) {
    if (providerOf(state, channelId) !== providerId) continue;
    yield* state.userIdsByChannel.get(channelId) ?? [];
  }
}

export function takeProviderSnapshot(state: EmulatorState): ProviderSnapshot {
  return [...state.providers.channelProviders].map(([channelId, providerId]) => ({
    channelId,
    providerId,
  }));
}

export function restoreProviderSnapshot(state: EmulatorState, snapshot: ProviderSnapshot): void {
  for (const { channelId, providerId } of snapshot) {
    state.providers.channelProviders.set(channelId, providerId);
  }
}
