/**
 * The emulator side of bench/emulator.ts, run in its own process so the load generator does
 * not share its event loop: an emulator with rate limits off, one channel with FRIENDS
 * friends. Reports `{type: "ready", …}` over IPC, then answers `memory` and `stop`.
 */
import { createEmulator } from "@kizuna/line-emulator";

export type FromServer =
  | { type: "ready"; baseURL: string; channelAccessToken: string; userIds: string[] }
  | { type: "memory"; rssMb: number; heapUsedMb: number };

export type ToServer = { type: "memory" } | { type: "stop" };

export const FRIENDS = 500;

async function main(): Promise<void> {
  const emulator = createEmulator({ rateLimits: { enabled: false } });
  const baseURL = await emulator.listen({ port: 0 });
  const control = async <T>(path: string, body: object): Promise<T> => {
    const response = await fetch(`${baseURL}/_emulator${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const channel = await control<{ channelId: string; channelAccessToken: string }>("/channels", {
    name: "Bench",
  });
  const { userIds } = await control<{ userIds: string[] }>(
    `/channels/${channel.channelId}/followers`,
    { count: FRIENDS, silent: true },
  );
  const send = (message: FromServer) => process.send?.(message);
  process.on("message", async (message: ToServer) => {
    if (message.type === "memory") {
      const { rss, heapUsed } = process.memoryUsage();
      send({ type: "memory", rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20 });
    } else {
      await emulator.close();
      process.exit(0);
    }
  });
  // Without the parent there is nothing left to serve.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", baseURL, channelAccessToken: channel.channelAccessToken, userIds });
}

await main();
