import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { arrangeChannel, type Running, startEmulator } from "../testing/harness.ts";

let running: Running;
beforeEach(async () => {
  running = await startEmulator();
});
afterEach(() => running.close());

describe("authentication", () => {
  it("answers 401 in LINE's words to an unknown channel access token", async () => {
    await arrangeChannel(running.control);
    const client = new messagingApi.MessagingApiClient({
      channelAccessToken: "not-a-token",
      baseURL: running.baseURL,
    });
    const error = await client.getBotInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPFetchError);
    expect((error as HTTPFetchError).status).toBe(401);
    expect(JSON.parse((error as HTTPFetchError).body)).toEqual({
      message:
        "Authentication failed. Confirm that the access token in the authorization header is valid.",
    });
    expect((error as HTTPFetchError).headers.get("x-line-request-id")).toBeTruthy();
  });

  it("answers 401 when the Authorization header is missing, before reading the body", async () => {
    const response = await fetch(`${running.baseURL}/v2/bot/message/push`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: expect.stringContaining("Bearer") });
  });
});

describe("request bodies", () => {
  it("answers invalid JSON in LINE's words", async () => {
    const { channel } = await arrangeChannel(running.control);
    const response = await fetch(`${running.baseURL}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${channel.channelAccessToken}`,
        "content-type": "application/json",
      },
      body: '{"to": "U1",\n x}',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string };
    expect(body.message).toMatch(/^The request body could not be parsed as JSON/);
    expect(body.message).toBe("The request body could not be parsed as JSON (line: 2, column: 2)");
  });

  it("answers 415 to a body that is not JSON", async () => {
    const { channel } = await arrangeChannel(running.control);
    const response = await fetch(`${running.baseURL}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${channel.channelAccessToken}`,
        "content-type": "text/plain",
      },
      body: "hello",
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      message: "The content type, text/plain, is not supported",
    });
  });

  it("answers unknown paths with LINE's 404", async () => {
    const response = await fetch(`${running.baseURL}/v2/bot/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "Not found" });
  });
});
