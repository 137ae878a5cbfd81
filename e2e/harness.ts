import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createSecretBox } from "@kizuna/core";
import type { Database } from "@kizuna/db";
import type { TestDatabaseKind } from "@kizuna/db/testing";
import { createEmulator, type EmulatorOptions, solidPng } from "@kizuna/line-emulator";
import { buildServer, connectChannel, type ServerDeps } from "@kizuna/server";
import { startWorker, type WorkerDeps } from "@kizuna/worker";
import { pino } from "pino";

export const WEB_DIST = join(import.meta.dirname, "..", "packages", "web", "dist");

/**
 * The whole of Kizuna for a test: a fresh database of the given kind, the LINE
 * emulator, the HTTP server on a free port, a worker, and one connected channel.
 */
export async function startStack(
  kind: TestDatabaseKind,
  options: {
    delivery?: WorkerDeps["delivery"];
    emulator?: EmulatorOptions;
    /** The key that seals channel secrets, for workers started in other processes. */
    secretKey?: Buffer;
    worker?: boolean;
    linking?: ServerDeps["linking"];
    /** LINE's 1,000 aggregation units a month, lower for a test (set the emulator's alike). */
    aggregationUnitLimit?: number;
  } = {},
) {
  const database: Database = await kind.create();
  const emulator = createEmulator(options.emulator);
  const emulatorUrl = await emulator.listen({ port: 0 });
  const secretBox = createSecretBox(options.secretKey ?? randomBytes(32));
  const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });
  const deps = {
    database,
    secretBox,
    publicUrl: "http://127.0.0.1",
    webDist: WEB_DIST,
    linking: options.linking,
    aggregationUnitLimit: options.aggregationUnitLimit,
  };
  const app = await buildServer(deps, log);
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  deps.publicUrl = url;
  const worker =
    options.worker === false
      ? null
      : await startWorker({
          database,
          secretBox,
          log,
          publicUrl: url,
          ...(options.delivery ? { delivery: options.delivery } : {}),
        });

  const lineChannel = await control<{
    channelId: string;
    channelSecret: string;
    channelAccessToken: string;
  }>(emulatorUrl, "POST", "/_emulator/channels", { name: "Test Shop" });
  // As the README advises for production: LINE resends what a busy server did not answer in
  // 2 s, and Kizuna drops the duplicates. Without it, a loaded CI machine loses follows.
  await control(emulatorUrl, "PATCH", `/_emulator/channels/${lineChannel.channelId}`, {
    webhookRedelivery: true,
  });
  const channel = await connectChannel(deps, {
    lineChannelId: lineChannel.channelId,
    channelSecret: lineChannel.channelSecret,
    channelAccessToken: lineChannel.channelAccessToken,
    apiBaseUrl: emulatorUrl,
    loginBaseUrl: emulatorUrl,
  });

  return {
    url,
    emulatorUrl,
    database,
    secretBox,
    log,
    channel,
    lineChannel,
    /** A virtual LINE user of the channel; not yet a friend. */
    async addUser(displayName: string): Promise<string> {
      const { userId } = await control<{ userId: string }>(
        emulatorUrl,
        "POST",
        `/_emulator/channels/${lineChannel.channelId}/users`,
        { displayName },
      );
      return userId;
    },
    async addUsers(count: number): Promise<string[]> {
      const { userIds } = await control<{ userIds: string[] }>(
        emulatorUrl,
        "POST",
        `/_emulator/channels/${lineChannel.channelId}/users`,
        { count, namePrefix: "Friend" },
      );
      return userIds;
    },
    act: (userId: string, action: "follow" | "unfollow" | "messages", body?: unknown) =>
      control(emulatorUrl, "POST", `/_emulator/users/${userId}/${action}`, body),
    async received(
      userId: string,
    ): Promise<{ via: string; message: { type: string; text?: string } }[]> {
      const { messages } = await control<{
        messages: { via: string; message: { type: string; text?: string } }[];
      }>(
        emulatorUrl,
        "GET",
        `/_emulator/channels/${lineChannel.channelId}/received?userId=${userId}`,
      );
      return messages;
    },
    async stop() {
      await app.close();
      await worker?.stop();
      await emulator.close();
      await database.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * A worker of the stack's database, key and log, started apart (`startStack(kind, { worker:
 * false })`) when a test needs its own options or several workers.
 */
export function stackWorker(
  stack: Pick<Stack, "database" | "secretBox" | "log" | "url">,
  options: Omit<WorkerDeps, "database" | "secretBox" | "log" | "publicUrl"> = {},
) {
  return startWorker({
    database: stack.database,
    secretBox: stack.secretBox,
    log: stack.log,
    publicUrl: stack.url,
    ...options,
  });
}

export async function control<T = unknown>(
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
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A signed-in admin API client: keeps the session cookie and sends the CSRF token. */
export async function signUpOwner(
  url: string,
  email = "owner@example.jp",
  password = "a long enough password",
) {
  const response = await fetch(`${url}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201)
    throw new Error(`setup: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookie,
    async request(method: string, path: string, body?: unknown) {
      return fetch(`${url}${path}`, {
        method,
        headers: {
          cookie,
          "x-csrf-token": csrfToken,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `ms`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  ms = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** A grey image of a full-size rich menu (2500 × 843): LINE shows a menu only once it has one. */
export function richMenuImage(): Blob {
  return new Blob([new Uint8Array(solidPng(2500, 843, [200, 200, 200]))], { type: "image/png" });
}
