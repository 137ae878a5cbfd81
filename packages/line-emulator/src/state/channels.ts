import {
  newBasicId,
  newChannelAccessToken,
  newChannelId,
  newChannelSecret,
  newUserId,
} from "../ids.ts";
import { err, ok, type Result } from "../result.ts";
import type { EmulatorState } from "./state.ts";
import type { Channel } from "./types.ts";

export type NewChannel = {
  name?: string;
  webhookUrl?: string | null;
  /** Given credentials let a script recreate a known channel. */
  channelId?: string;
  channelSecret?: string;
  channelAccessToken?: string;
  botUserId?: string;
};

export type ChannelConflict = { code: "channel_exists" | "token_in_use"; message: string };

export function createChannel(
  state: EmulatorState,
  input: NewChannel,
  nowMs: number,
): Result<Channel, ChannelConflict> {
  if (input.channelId && state.channels.has(input.channelId)) {
    return err({ code: "channel_exists", message: `Channel ${input.channelId} already exists` });
  }
  if (input.channelAccessToken && state.channelsByToken.has(input.channelAccessToken)) {
    return err({ code: "token_in_use", message: "That access token belongs to another channel" });
  }
  let channelId = input.channelId;
  while (!channelId || state.channels.has(channelId)) channelId = newChannelId();
  const channel: Channel = {
    channelId,
    channelSecret: input.channelSecret ?? newChannelSecret(),
    channelAccessToken: input.channelAccessToken ?? newChannelAccessToken(),
    botUserId: input.botUserId ?? newUserId(),
    basicId: newBasicId(),
    name: input.name ?? `Emulated channel ${channelId}`,
    webhookUrl: input.webhookUrl ?? null,
    createdAt: new Date(nowMs).toISOString(),
  };
  addChannel(state, channel);
  state.changed();
  return ok(channel);
}

/** Puts a channel into the indexes (also used when loading a saved state). */
export function addChannel(state: EmulatorState, channel: Channel): void {
  state.channels.set(channel.channelId, channel);
  state.channelsByToken.set(channel.channelAccessToken, channel);
}

export function findChannelByToken(state: EmulatorState, token: string): Channel | undefined {
  return state.channelsByToken.get(token);
}

export function setWebhookUrl(state: EmulatorState, channel: Channel, url: string | null): void {
  channel.webhookUrl = url;
  state.changed();
}

export function renameChannel(state: EmulatorState, channel: Channel, name: string): void {
  channel.name = name;
  state.changed();
}
