import type { SecretBox } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import { connectChannel } from "@kizuna/server";

const DEMO_CHANNEL_NAME = "Kizuna Demo";
const DEMO_FRIENDS = [
  "佐藤 花子",
  "鈴木 一郎",
  "高橋 美咲",
  "田中 健太",
  "伊藤 さくら",
  "渡辺 翔",
  "山本 結衣",
  "中村 大輔",
  "小林 陽菜",
  "加藤 蓮",
  "吉田 葵",
  "Emily Carter",
];

interface EmulatorChannel {
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
  name: string;
}

/**
 * Demo mode: a channel on the emulator with a dozen virtual friends who follow it, so
 * that a first `npm start` shows a living friend list. Idempotent across restarts.
 */
export async function ensureDemoChannel(
  deps: { database: Database; secretBox: SecretBox; publicUrl: string },
  emulatorUrl: string,
): Promise<{ lineChannelId: string; created: boolean }> {
  const channels = await control<EmulatorChannel[]>(emulatorUrl, "GET", "/_emulator/channels");
  const existing = channels.find((channel) => channel.name === DEMO_CHANNEL_NAME);
  const channel =
    existing ??
    (await control<EmulatorChannel>(emulatorUrl, "POST", "/_emulator/channels", {
      name: DEMO_CHANNEL_NAME,
    }));
  await connectChannel(deps, {
    lineChannelId: channel.channelId,
    channelSecret: channel.channelSecret,
    channelAccessToken: channel.channelAccessToken,
    apiBaseUrl: emulatorUrl,
  });
  if (!existing) {
    for (const displayName of DEMO_FRIENDS) {
      const { userId } = await control<{ userId: string }>(
        emulatorUrl,
        "POST",
        `/_emulator/channels/${channel.channelId}/users`,
        { displayName },
      );
      await control(emulatorUrl, "POST", `/_emulator/users/${userId}/follow`);
    }
  }
  return { lineChannelId: channel.channelId, created: !existing };
}

async function control<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(new URL(path, base), {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
