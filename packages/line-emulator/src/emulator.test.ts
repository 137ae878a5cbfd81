import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator } from "./emulator.ts";
import type { Channel, FollowStatus } from "./state/types.ts";
import { arrangeChannel, receivedBy, sdkClient, startEmulator } from "./testing/harness.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kizuna-emulator-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("data file", () => {
  it("keeps channels, friends, received messages and webhook settings across a restart", async () => {
    const dataFile = join(dir, "nested", "emulator.json");
    const first = await startEmulator({ dataFile });
    const { channel, friends, strangers } = await arrangeChannel(first.control, {
      friends: 2,
      strangers: 1,
    });
    await first.control.post(`/users/${friends[1]}/unfollow`);
    const client = sdkClient(first.baseURL, channel);
    await client.setWebhookEndpoint({ endpoint: "http://127.0.0.1:1/webhook" });
    await client.pushMessage({ to: friends[0]!, messages: [{ type: "text", text: "saved" }] });
    await first.close();

    const second = await startEmulator({ dataFile });
    try {
      const again = await second.control.get<Channel>(`/channels/${channel.channelId}`);
      expect(again.body).toEqual({ ...channel, webhookUrl: "http://127.0.0.1:1/webhook" });
      const page = await second.control.get<{
        users: { userId: string; followStatus: FollowStatus }[];
      }>(`/channels/${channel.channelId}/users`);
      expect(page.body.users.map((u) => [u.userId, u.followStatus])).toEqual([
        [friends[0], "following"],
        [friends[1], "blocked"],
        [strangers[0], "none"],
      ]);
      const received = await receivedBy(second.control, channel.channelId, friends[0]!);
      expect(received.map((r) => r.message.text)).toEqual(["saved"]);
      // The same token still works, so a restarted `kizuna start` keeps talking to its channel.
      const profile = await sdkClient(second.baseURL, channel).getProfile(friends[0]!);
      expect(profile.displayName).toBe("Friend 1");
    } finally {
      await second.close();
    }
  });

  it("saves without waiting for close, and leaves no temporary files", async () => {
    const dataFile = join(dir, "emulator.json");
    const running = await startEmulator({ dataFile });
    try {
      await running.control.post("/channels", { name: "Autosaved" });
      const saved = await waitForFile(dataFile);
      expect(JSON.parse(saved).channels.map((c: Channel) => c.name)).toEqual(["Autosaved"]);
      expect(await readdir(dir)).toEqual(["emulator.json"]);
    } finally {
      await running.close();
    }
  });

  it("refuses to start on a corrupt data file rather than overwrite it", async () => {
    const dataFile = join(dir, "emulator.json");
    await writeFile(dataFile, "{ half a file");
    expect(() => createEmulator({ dataFile })).toThrow(/not valid JSON/);
    expect(await readFile(dataFile, "utf8")).toBe("{ half a file");
  });
});

async function waitForFile(path: string): Promise<string> {
  const deadline = performance.now() + 5000;
  for (;;) {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
