import type { Channel } from "../api/types.ts";

/** The channel the user chose, or the first one when nothing (or a removed one) is chosen. */
export function pickChannel(channels: readonly Channel[], chosenId: string | null): Channel | null {
  return channels.find((channel) => channel.id === chosenId) ?? channels[0] ?? null;
}
