import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { messagingApi } from "@line/bot-sdk";
import { createEmulator, type Emulator, type EmulatorOptions } from "../emulator.ts";
import type { Channel } from "../state/types.ts";

// Test helpers: an emulator on a free port, a control-API client, a webhook receiver, polling.

export type Running = {
  emulator: Emulator;
  baseURL: string;
  control: ControlClient;
  close(): Promise<void>;
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<Running> {
  const emulator = createEmulator(options);
  const baseURL = await emulator.listen({ port: 0 });
  return { emulator, baseURL, control: controlClient(baseURL), close: () => emulator.close() };
}

export type ControlResponse<T> = { status: number; body: T };

export type ControlClient = {
  get<T = unknown>(path: string): Promise<ControlResponse<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<ControlResponse<T>>;
  patch<T = unknown>(path: string, body: unknown): Promise<ControlResponse<T>>;
};

export function controlClient(baseURL: string): ControlClient {
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseURL}/_emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    patch: (path, body) => call("PATCH", path, body),
  };
}

/** A channel with `friends` following users and `strangers` users who never followed. */
export async function arrangeChannel(
  control: ControlClient,
  options: { webhookUrl?: string; friends?: number; strangers?: number } = {},
): Promise<{ channel: Channel; friends: string[]; strangers: string[] }> {
  const { body: channel } = await control.post<Channel>("/channels", {
    name: "Test shop",
    ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
  });
  const friends: string[] = [];
  for (let i = 0; i < (options.friends ?? 0); i++) {
    const userId = await addUser(control, channel.channelId, `Friend ${i + 1}`);
    await control.post(`/users/${userId}/follow`);
    friends.push(userId);
  }
  const strangers: string[] = [];
  for (let i = 0; i < (options.strangers ?? 0); i++) {
    strangers.push(await addUser(control, channel.channelId, `Stranger ${i + 1}`));
  }
  return { channel, friends, strangers };
}

export async function addUser(
  control: ControlClient,
  channelId: string,
  displayName: string,
): Promise<string> {
  const { body } = await control.post<{ userId: string }>(`/channels/${channelId}/users`, {
    displayName,
  });
  return body.userId;
}

export function sdkClient(baseURL: string, channel: Channel): messagingApi.MessagingApiClient {
  return new messagingApi.MessagingApiClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL,
  });
}

export type ReceivedMessageView = {
  userId: string;
  messageId: string;
  requestId: string;
  via: string;
  at: string;
  message: { type: string; text?: string };
};

export async function receivedBy(
  control: ControlClient,
  channelId: string,
  userId: string,
): Promise<ReceivedMessageView[]> {
  const { body } = await control.get<{ messages: ReceivedMessageView[] }>(
    `/channels/${channelId}/received?userId=${userId}`,
  );
  return body.messages;
}

export type WebhookRequest = {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  body: { destination: string; events: Record<string, unknown>[] };
  arrivedAt: number;
  answeredAt?: number;
};

export type WebhookReceiver = {
  url: string;
  requests: WebhookRequest[];
  /** Hold answers until `release()`; requests still arrive and are recorded. */
  hold(): void;
  release(): void;
  /** Never answer (for timeout tests) until the receiver closes. */
  stall(): void;
  close(): Promise<void>;
};

/** A bot's webhook endpoint that records every request with its exact bytes. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: WebhookRequest[] = [];
  let holding = false;
  let stalled = false;
  let waiting: (() => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      const record: WebhookRequest = {
        headers: request.headers,
        rawBody,
        body: JSON.parse(rawBody.toString("utf8")),
        arrivedAt: performance.now(),
      };
      requests.push(record);
      if (stalled) return;
      const answer = () => {
        record.answeredAt = performance.now();
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      };
      if (holding) waiting.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    requests,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const answer of waiting) answer();
      waiting = [];
    },
    stall: () => {
      stalled = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `probe` gives a value (not undefined/false), or fails after the deadline. */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
