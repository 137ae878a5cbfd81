import type { SecretBox } from "@kizuna/core";
import type { MemberUpsert } from "@kizuna/core/members";
import { type Database, upsertMembers } from "@kizuna/db";
import {
  connectChannel,
  DEMO_MEMBER_PREFIX,
  DEMO_VERIFY_PATH,
  type ServerDeps,
} from "@kizuna/server";

const DEMO_CHANNEL_NAME = "Kizuna Demo";
const DEMO_LOGIN_CHANNEL_NAME = "Kizuna Demo Login";
/**
 * The demo channel's virtual friends: 40, so that a campaign to all of them can pass LINE's 20
 * below which no opens are reported (decision 014). The first dozen are the demo's first friends.
 */
export const DEMO_FRIENDS: readonly string[] = [
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
  "松本 悠真",
  "井上 美月",
  "木村 大和",
  "林 真央",
  "斎藤 陽太",
  "清水 楓",
  "山口 颯",
  "森 結菜",
  "池田 湊",
  "橋本 芽依",
  "阿部 樹",
  "石川 美羽",
  "山下 蒼",
  "中島 凛",
  "石井 悠人",
  "小川 心春",
  "前田 朝陽",
  "岡田 莉子",
  "長谷川 健一",
  "藤田 恵子",
  "後藤 修",
  "近藤 由美",
  "村上 拓海",
  "遠藤 千尋",
  "青木 和也",
  "坂本 美穂",
  "Nguyen Thi Lan",
  "まいこ",
];

/**
 * Company members of the demo, for ID linking: each signs in on the hosted sign-in page with
 * their e-mail and the demo password (README), or matches with their member number and
 * birthday. Kept true in README.md (デモ会員 / Demo members, in both languages).
 */
export const DEMO_MEMBERS: readonly MemberUpsert[] = [
  {
    externalId: `${DEMO_MEMBER_PREFIX}0001`,
    fields: {
      name: "佐藤 花子",
      email: "hanako@example.com",
      birthday: "1990-04-01",
      points: 1200,
    },
    attributes: {},
  },
  {
    externalId: `${DEMO_MEMBER_PREFIX}0002`,
    fields: { name: "鈴木 一郎", email: "ichiro@example.com", birthday: "1985-11-23", points: 350 },
    attributes: {},
  },
  {
    externalId: `${DEMO_MEMBER_PREFIX}0003`,
    fields: {
      name: "Emily Carter",
      email: "emily@example.com",
      birthday: "1995-07-14",
      points: 5000,
    },
    attributes: {},
  },
];

/**
 * Demo mode's linking settings: unless LINK_VERIFY_URL names a company endpoint, the hosted
 * sign-in page checks the demo members' credentials with this Kizuna's demo endpoint.
 */
export function demoLinking(
  linking: ServerDeps["linking"],
  publicUrl: string,
): NonNullable<ServerDeps["linking"]> {
  if (linking?.verifyUrl) return linking;
  return {
    ...linking,
    verifyUrl: new URL(DEMO_VERIFY_PATH, publicUrl).toString(),
    demoVerify: true,
  };
}

interface EmulatorChannel {
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
  name: string;
}

/**
 * Demo mode: a channel on the emulator with its virtual friends who follow it, so that a first
 * `npm start` shows a living friend list and a campaign's opens, and the demo members to link
 * them to. Idempotent across restarts; a demo channel made before a friend was added to
 * DEMO_FRIENDS gets that friend on the next start.
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
  const login = await ensureDemoLoginChannel(emulatorUrl, channel.channelId, deps.publicUrl);
  await connectChannel(deps, {
    lineChannelId: channel.channelId,
    channelSecret: channel.channelSecret,
    channelAccessToken: channel.channelAccessToken,
    apiBaseUrl: emulatorUrl,
    // The emulator serves LINE's browser pages (Login, the account-link dialog) too.
    loginBaseUrl: emulatorUrl,
    ...(login ? { loginChannelId: login.channelId, loginChannelSecret: login.channelSecret } : {}),
  });
  await upsertMembers(deps.database.db, DEMO_MEMBERS);
  const present = new Set(
    existing
      ? (
          await control<{ users: { displayName: string }[] }>(
            emulatorUrl,
            "GET",
            `/_emulator/channels/${channel.channelId}/users?limit=10000`,
          )
        ).users.map((user) => user.displayName)
      : [],
  );
  for (const displayName of DEMO_FRIENDS.filter((name) => !present.has(name))) {
    const { userId } = await control<{ userId: string }>(
      emulatorUrl,
      "POST",
      `/_emulator/channels/${channel.channelId}/users`,
      { displayName },
    );
    await control(emulatorUrl, "POST", `/_emulator/users/${userId}/follow`);
  }
  return { lineChannelId: channel.channelId, created: !existing };
}

interface EmulatorLoginChannel {
  channelId: string;
  channelSecret: string;
  name: string;
  callbackUrls: string[];
}

/**
 * A LINE Login channel in the demo channel's provider, linked to it for the add-friend
 * screen and calling back to this Kizuna: inflow routes and LINE Login linking work out of
 * the box. Null on an emulator without LINE Login.
 */
async function ensureDemoLoginChannel(
  emulatorUrl: string,
  linkedChannelId: string,
  publicUrl: string,
): Promise<EmulatorLoginChannel | null> {
  const callbackUrl = new URL("/login/line/callback", publicUrl).toString();
  const listed = await fetch(new URL("/_emulator/login-channels", emulatorUrl));
  if (listed.status === 404) return null;
  const existing = ((await listed.json()) as EmulatorLoginChannel[]).find(
    (channel) => channel.name === DEMO_LOGIN_CHANNEL_NAME,
  );
  if (!existing)
    return control<EmulatorLoginChannel>(emulatorUrl, "POST", "/_emulator/login-channels", {
      name: DEMO_LOGIN_CHANNEL_NAME,
      linkedChannelId,
      callbackUrls: [callbackUrl],
    });
  // PUBLIC_URL may have changed since the last start.
  if (!existing.callbackUrls.includes(callbackUrl))
    await control(emulatorUrl, "PATCH", `/_emulator/login-channels/${existing.channelId}`, {
      callbackUrls: [...existing.callbackUrls, callbackUrl],
    });
  return existing;
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
