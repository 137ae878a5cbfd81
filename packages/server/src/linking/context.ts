import { DEFAULT_SECOND_FACTOR, type SecondFactorKind } from "@kizuna/core";
import { type Channel, findChannel, linkingKey, listChannels } from "@kizuna/db";
import type { LineLoginChannel } from "@kizuna/line";
import type { ServerDeps } from "../deps.ts";

/** What the linking routes share: the signing key, URLs, and channels' Login credentials. */
export interface LinkingContext {
  deps: ServerDeps;
  key(): Promise<Buffer>;
  /** Cookies are `Secure` when Kizuna is reached over https. */
  secure: boolean;
  /** The one redirect URI to register in the LINE Login channel. */
  callbackUrl: string;
  defaultSecondFactor: SecondFactorKind;
  loginChannel(channel: Channel): LineLoginChannel | null;
}

export function linkingContext(deps: ServerDeps): LinkingContext {
  return {
    deps,
    key: () => linkingKey(deps.database.db, deps.secretBox),
    // Read when asked: the public URL may be settled only once the server listens.
    get secure() {
      return deps.publicUrl.startsWith("https:");
    },
    get callbackUrl() {
      return loginCallbackUrl(deps.publicUrl);
    },
    defaultSecondFactor: deps.linking?.matchSecondFactor ?? DEFAULT_SECOND_FACTOR,
    loginChannel(channel) {
      if (!channel.login_channel_id || !channel.login_channel_secret_enc) return null;
      return {
        channelId: channel.login_channel_id,
        channelSecret: deps.secretBox.open(channel.login_channel_secret_enc),
        loginBaseUrl: channel.login_base_url,
        apiBaseUrl: channel.api_base_url,
      };
    },
  };
}

export function loginCallbackUrl(publicUrl: string): string {
  return new URL("/login/line/callback", publicUrl).toString();
}

export type ChannelChoice =
  | { ok: true; channel: Channel }
  | { ok: false; code: "channel_not_found" | "channel_required" };

/**
 * The channel a public API call is about: the one named, or the only one there is. API keys
 * belong to the workspace, not to a channel.
 */
export async function chooseChannel(
  deps: ServerDeps,
  channelId: string | undefined,
): Promise<ChannelChoice> {
  if (channelId) {
    const channel = await findChannel(deps.database.db, channelId);
    return channel ? { ok: true, channel } : { ok: false, code: "channel_not_found" };
  }
  const channels = await listChannels(deps.database.db);
  if (channels.length === 1) return { ok: true, channel: channels[0]! };
  return { ok: false, code: channels.length ? "channel_required" : "channel_not_found" };
}
