import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createEmulator, type Emulator } from "../emulator.ts";
import { arrangeChannel, controlClient } from "../testing/harness.ts";

// control-api.yml documents every route under /_emulator, and what the routes answer matches it.

type Doc = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, object> };
};

const doc = parse(
  readFileSync(join(import.meta.dirname, "..", "..", "control-api.yml"), "utf8"),
) as Doc;
const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

let emulator: Emulator;
const routes: string[] = [];
let baseURL: string;

beforeAll(async () => {
  emulator = createEmulator();
  emulator.app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/_emulator/")) return;
    for (const method of [route.method].flat()) {
      if (method === "HEAD") continue;
      routes.push(`${method} ${route.url.slice("/_emulator".length).replace(/:(\w+)/g, "{$1}")}`);
    }
  });
  baseURL = await emulator.listen({ port: 0 });
});
afterAll(() => emulator.close());

function documented(): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.has(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

function validator(schemaName: string) {
  const ajv = new Ajv({ strict: false });
  ajv.addSchema({ $id: "control", components: doc.components });
  return ajv.getSchema(`control#/components/schemas/${schemaName}`)!;
}

describe("control-api.yml", () => {
  it("documents every control route, and only routes that exist", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(documented().sort()).toEqual([...new Set(routes)].sort());
  });

  it("describes what the routes answer", async () => {
    const control = controlClient(baseURL);
    const { channel, friends } = await arrangeChannel(control, { friends: 1 });
    const userId = friends[0]!;
    const checks: [string, unknown][] = [
      [
        "Channel",
        (await control.patch(`/channels/${channel.channelId}`, { webhookRedelivery: true })).body,
      ],
      ["User", (await control.get(`/users/${userId}`)).body],
      ["Demographics", (await control.get(`/users/${userId}/demographics`)).body],
      [
        "TapOutcome",
        (await control.post(`/users/${userId}/postback`, { data: "x", displayText: "X" })).body,
      ],
      ["LinkOpen", (await control.post(`/users/${userId}/open-link`, { url: "tel:0120" })).body],
      ["ChannelRead", (await control.post(`/channels/${channel.channelId}/read`)).body],
    ];
    for (const item of (await control.get<unknown[]>(`/users/${userId}/chat`)).body) {
      checks.push(["ChatItem", item]);
    }
    for (const delivery of (
      await control.get<unknown[]>(`/channels/${channel.channelId}/webhook-deliveries`)
    ).body) {
      checks.push(["WebhookDelivery", delivery]);
    }
    for (const [name, body] of checks) {
      const validate = validator(name);
      expect({ name, valid: validate(body), errors: validate.errors ?? null }).toMatchObject({
        name,
        valid: true,
      });
    }
  });
});
