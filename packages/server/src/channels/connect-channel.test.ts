import { randomBytes } from "node:crypto";
import { createSecretBox } from "@kizuna/core";
import { type Database, listChannelSummaries } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { createEmulator } from "@kizuna/line-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectChannel } from "./connect-channel.ts";

describe.each(testDatabaseKinds())("connecting a channel on $name", (kind) => {
  let database: Database;
  const emulator = createEmulator();
  let emulatorUrl: string;

  beforeAll(async () => {
    database = await kind.create();
    emulatorUrl = await emulator.listen({ port: 0 });
  }, 120_000);
  afterAll(async () => {
    await emulator.close();
    await database?.close();
  });

  it("keeps the account's basic ID from LINE's bot info, for its add-friend URL", async () => {
    const created = await fetch(`${emulatorUrl}/_emulator/channels`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "駅前ベーカリー" }),
    });
    const line = (await created.json()) as {
      channelId: string;
      channelSecret: string;
      channelAccessToken: string;
      basicId: string;
    };
    expect(line.basicId).toMatch(/^@/);
    const deps = { database, secretBox: createSecretBox(randomBytes(32)), publicUrl: emulatorUrl };
    const channel = await connectChannel(deps, {
      lineChannelId: line.channelId,
      channelSecret: line.channelSecret,
      channelAccessToken: line.channelAccessToken,
      apiBaseUrl: emulatorUrl,
    });
    expect(channel.basic_id).toBe(line.basicId);
    expect(await listChannelSummaries(database.db)).toEqual([
      expect.objectContaining({ name: "駅前ベーカリー", basicId: line.basicId }),
    ]);
  });
});
