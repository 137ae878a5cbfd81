import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRequest, validateResponse } from "../contract/openapi.ts";
import type { Snapshot } from "../state/snapshot.ts";
import type { Channel } from "../state/types.ts";
import { arrangeChannel, type Running, startEmulator } from "../testing/harness.ts";
import { generatedPhoto } from "./content.ts";

let running: Running;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "line-emulator-users-api-"));
  running = await startEmulator({ dataFile: join(dir, "emulator.json") });
});
afterEach(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
});

function api(channel: Channel) {
  return new messagingApi.MessagingApiClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL: running.baseURL,
  });
}

function blob(channel: Channel) {
  return new messagingApi.MessagingApiBlobClient({
    channelAccessToken: channel.channelAccessToken,
    baseURL: running.baseURL,
  });
}

async function lineFailure(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    return { status: error.status, body: JSON.parse(error.body) };
  }
  throw new Error("expected the call to fail");
}

function expectContract(operationId: string, status: number, body: unknown) {
  expect(validateResponse("messaging-api.yml", operationId, status, body)).toEqual({ ok: true });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** PUT /_emulator/channels/:channelId/account-type: the account LINE would let list followers. */
async function setAccountType(channel: Channel, type: string): Promise<unknown> {
  const response = await fetch(
    `${running.baseURL}/_emulator/channels/${channel.channelId}/account-type`,
    {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type }),
    },
  );
  return response.json();
}

/** Restarts the emulator on its data file after `edit` changed the saved state. */
async function restartWith(edit: (snapshot: Snapshot) => void): Promise<void> {
  const file = join(dir, "emulator.json");
  await running.close();
  const snapshot = JSON.parse(await readFile(file, "utf8")) as Snapshot;
  edit(snapshot);
  await writeFile(file, JSON.stringify(snapshot));
  running = await startEmulator({ dataFile: file });
}

describe("follower IDs", () => {
  it("are refused to an unverified account, as LINE does", async () => {
    const { channel } = await arrangeChannel(running.control, { friends: 1 });
    const failure = await lineFailure(() => api(channel).getFollowers());
    expect(failure).toEqual({
      status: 403,
      body: { message: "Access to this API is not available for your account" },
    });
    expectContract("getFollowers", failure.status, failure.body);
  });

  it("page through current friends with start and next, leaving out blocked users", async () => {
    const { channel, friends, strangers } = await arrangeChannel(running.control, {
      friends: 5,
      strangers: 2,
    });
    await running.control.post(`/users/${friends[1]}/unfollow`);
    expect(await setAccountType(channel, "verified")).toEqual({
      channelId: channel.channelId,
      type: "verified",
    });

    const client = api(channel);
    const first = await client.getFollowers(undefined, 2);
    expectContract("getFollowers", 200, first);
    expect(first.userIds).toEqual([friends[0], friends[2]]);
    expect(first.next).toEqual(expect.any(String));
    const second = await client.getFollowers(first.next, 2);
    expect(second.userIds).toEqual([friends[3], friends[4]]);
    expect(second.next).toBeUndefined();
    expect((await client.getFollowers()).userIds).toEqual([
      friends[0],
      friends[2],
      friends[3],
      friends[4],
    ]);
    expect(strangers.some((id) => first.userIds.includes(id))).toBe(false);
  });

  it("refuse a limit over 1,000 and a made-up continuation token", async () => {
    const { channel } = await arrangeChannel(running.control, { friends: 1 });
    await setAccountType(channel, "premium");
    expect((await lineFailure(() => api(channel).getFollowers(undefined, 1001))).status).toBe(400);
    expect(await lineFailure(() => api(channel).getFollowers("bogus"))).toEqual({
      status: 400,
      body: { message: "Invalid start param" },
    });
  });
});

describe("content users sent", () => {
  it("downloads an image a user sent, from api-data, with its type; another channel gets 404", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const { channel: other } = await arrangeChannel(running.control);
    const photo = generatedPhoto("425000000000000001");
    await restartWith((snapshot) => {
      snapshot.usersApi!.contents.push({
        messageId: "425000000000000001",
        channelId: channel.channelId,
        userId: friends[0]!,
        contentType: "image/png",
        base64: photo.toString("base64"),
        storedAt: Date.now(),
      });
    });
    const download = await blob(channel).getMessageContentWithHttpInfo("425000000000000001");
    expect(download.httpResponse.status).toBe(200);
    expect(download.httpResponse.headers.get("content-type")).toBe("image/png");
    const bytes = await readAll(download.body);
    expect(bytes.equals(photo)).toBe(true);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");

    const preview = await readAll(
      await blob(channel).getMessageContentPreview("425000000000000001"),
    );
    expect(preview.equals(photo)).toBe(true);

    expect(await lineFailure(() => blob(other).getMessageContent("425000000000000001"))).toEqual({
      status: 404,
      body: { message: "Not found" },
    });
  });

  it("generates different small PNGs for different messages", () => {
    const a = generatedPhoto("1");
    const b = generatedPhoto("2");
    expect(a.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(a.readUInt32BE(16)).toBe(240);
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBeLessThan(10_000);
  });
});

describe("mark as read", () => {
  it("takes a token from a message event and refuses one from another bot", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const { channel: other } = await arrangeChannel(running.control);
    await restartWith((snapshot) => {
      snapshot.usersApi!.markAsReadTokens.push({
        token: "read-token-1",
        channelId: channel.channelId,
        userId: friends[0]!,
        messageId: "425000000000000002",
        sentAt: Date.now(),
      });
    });
    const request = { markAsReadToken: "read-token-1" };
    expect(validateRequest("messaging-api.yml", "markMessagesAsReadByToken", request)).toEqual({
      ok: true,
    });
    const marked = await api(channel).markMessagesAsReadByTokenWithHttpInfo(request);
    expect(marked.httpResponse.status).toBe(200);
    expect(marked.body).toEqual({});

    const failure = await lineFailure(() => api(other).markMessagesAsReadByToken(request));
    expect(failure).toEqual({
      status: 400,
      body: {
        message:
          "Invalid markAsReadToken. Tokens must be used by the bot that received them via Webhook.",
      },
    });
    expectContract("markMessagesAsReadByToken", failure.status, failure.body);
  });

  it("refuses the partners-only mark-as-read endpoint", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const failure = await lineFailure(() =>
      api(channel).markMessagesAsRead({ chat: { userId: friends[0]! } }),
    );
    expect(failure.status).toBe(403);
  });
});

describe("loading animation", () => {
  it("starts for a user with 202 and {}", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const request = { chatId: friends[0]!, loadingSeconds: 10 };
    expect(validateRequest("messaging-api.yml", "showLoadingAnimation", request)).toEqual({
      ok: true,
    });
    const started = await api(channel).showLoadingAnimationWithHttpInfo(request);
    expect(started.httpResponse.status).toBe(202);
    expect(started.body).toEqual({});
    expectContract("showLoadingAnimation", 202, started.body);
  });

  it("refuses seconds that are not a multiple of 5 up to 60, and a group chat", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const failure = await lineFailure(() =>
      api(channel).showLoadingAnimation({ chatId: friends[0]!, loadingSeconds: 7 }),
    );
    expect(failure).toEqual({
      status: 400,
      body: {
        message: "The request body has 1 error(s)",
        details: [
          { message: "Must be a multiple of 5 between 5 and 60", property: "loadingSeconds" },
        ],
      },
    });
    expectContract("showLoadingAnimation", failure.status, failure.body);
    const group = `C${"0".repeat(32)}`;
    expect(
      (await lineFailure(() => api(channel).showLoadingAnimation({ chatId: group }))).status,
    ).toBe(400);
  });
});
