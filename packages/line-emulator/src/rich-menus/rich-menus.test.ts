import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRequest, validateResponse } from "../contract/openapi.ts";
import type { RichMenuSnapshot } from "../state/rich-menus.ts";
import type { Snapshot } from "../state/snapshot.ts";
import type { Channel } from "../state/types.ts";
import { arrangeChannel, eventually, type Running, startEmulator } from "../testing/harness.ts";
import { encodePng, solidPng } from "../users-api/png.ts";

let running: Running;
beforeEach(async () => {
  running = await startEmulator();
});
afterEach(() => running.close());

type Clients = { api: messagingApi.MessagingApiClient; blob: messagingApi.MessagingApiBlobClient };

function clients(channel: Channel): Clients {
  const config = { channelAccessToken: channel.channelAccessToken, baseURL: running.baseURL };
  return {
    api: new messagingApi.MessagingApiClient(config),
    blob: new messagingApi.MessagingApiBlobClient(config),
  };
}

/** Runs `call`, expecting LINE's error; returns its status and JSON body. */
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

const MENU: messagingApi.RichMenuRequest = {
  size: { width: 2500, height: 843 },
  selected: true,
  name: "Main menu",
  chatBarText: "Menu",
  areas: [
    {
      bounds: { x: 0, y: 0, width: 1250, height: 843 },
      action: { type: "postback", label: "Buy", data: "action=buy" },
    },
    {
      bounds: { x: 1250, y: 0, width: 1250, height: 843 },
      action: { type: "uri", label: "Site", uri: "https://example.com/" },
    },
  ],
};

const IMAGE = () => new Blob([bytesOf(solidPng(2500, 843, [6, 199, 85]))], { type: "image/png" });

/** Blob parts take plain Uint8Arrays. */
function bytesOf(bytes: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A menu with its image, ready to show. */
async function showableMenu({ api, blob }: Clients, request = MENU): Promise<string> {
  const { richMenuId } = await api.createRichMenu(request);
  await blob.setRichMenuImage(richMenuId, IMAGE());
  return richMenuId;
}

describe("creating rich menus", () => {
  it("creates, reads back, lists and deletes a rich menu", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api } = clients(channel);
    expect(validateRequest("messaging-api.yml", "createRichMenu", MENU)).toEqual({ ok: true });

    const created = await api.createRichMenuWithHttpInfo(MENU);
    expectContract("createRichMenu", created.httpResponse.status, created.body);
    const id = created.body.richMenuId;
    expect(id).toMatch(/^richmenu-[0-9a-f]{32}$/);

    const menu = await api.getRichMenu(id);
    expectContract("getRichMenu", 200, menu);
    expect(menu).toEqual({ richMenuId: id, ...MENU });

    const list = await api.getRichMenuList();
    expectContract("getRichMenuList", 200, list);
    expect(list.richmenus.map((m) => m.richMenuId)).toEqual([id]);

    expect(await api.deleteRichMenu(id)).toEqual({});
    expect(await lineFailure(() => api.getRichMenu(id))).toEqual({
      status: 404,
      body: { message: "Not found" },
    });
  });

  it("validates a rich menu object without creating it", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api } = clients(channel);
    const { httpResponse, body } = await api.validateRichMenuObjectWithHttpInfo(MENU);
    expect(httpResponse.status).toBe(200);
    expect(body).toEqual({});
    expect((await api.getRichMenuList()).richmenus).toEqual([]);
  });

  it("refuses an area that reaches outside the menu, listing every problem", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api } = clients(channel);
    const outside = {
      ...MENU,
      chatBarText: "Much too long for the chat bar",
      areas: [
        {
          bounds: { x: 2000, y: 0, width: 1000, height: 843 },
          action: { type: "message", text: "hi" },
        },
      ],
    } as messagingApi.RichMenuRequest;
    const failure = await lineFailure(() => api.createRichMenu(outside));
    expect(failure).toEqual({
      status: 400,
      body: {
        message: "The request body has 2 error(s)",
        details: [
          { message: "Length must be between 0 and 14", property: "chatBarText" },
          {
            message: "The area must lie within the rich menu (2500x843)",
            property: "areas[0].bounds",
          },
        ],
      },
    });
    expectContract("createRichMenu", failure.status, failure.body);
    // validate answers the same
    expect(await lineFailure(() => api.validateRichMenuObject(outside))).toEqual(failure);
  });

  it("refuses a size LINE cannot show, more than 20 areas, and a bad URI", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api } = clients(channel);
    const area = {
      bounds: { x: 0, y: 0, width: 10, height: 10 },
      action: { type: "postback", data: "x" },
    };
    const failure = await lineFailure(() =>
      api.createRichMenu({
        ...MENU,
        size: { width: 800, height: 600 },
        areas: [
          ...Array.from({ length: 20 }, () => area),
          { ...area, action: { type: "uri", uri: "javascript:alert(1)" } },
        ],
      } as messagingApi.RichMenuRequest),
    );
    expect(failure.status).toBe(400);
    expect(failure.body.details).toEqual([
      {
        message:
          "The width must be between 800 and 2500, the height at least 250, and width / height at least 1.45",
        property: "size",
      },
      { message: "Size must be between 0 and 20", property: "areas" },
      { message: "invalid uri", property: "areas[20].action.uri" },
    ]);
  });

  it("says which required property is missing, in LINE's words", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api } = clients(channel);
    const { name: _name, ...noName } = MENU;
    expect(
      await lineFailure(() => api.createRichMenu(noName as messagingApi.RichMenuRequest)),
    ).toEqual({
      status: 400,
      body: {
        message: "The request body has 1 error(s)",
        details: [{ message: "must be specified", property: "name" }],
      },
    });
  });

  it("keeps each channel's menus to itself", async () => {
    const { channel: mine } = await arrangeChannel(running.control);
    const { channel: theirs } = await arrangeChannel(running.control);
    const { richMenuId } = await clients(mine).api.createRichMenu(MENU);
    expect((await lineFailure(() => clients(theirs).api.getRichMenu(richMenuId))).status).toBe(404);
    expect((await clients(theirs).api.getRichMenuList()).richmenus).toEqual([]);
  });
});

describe("rich menu images", () => {
  it("uploads a PNG on api-data and downloads the same bytes", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api, blob } = clients(channel);
    const { richMenuId } = await api.createRichMenu(MENU);
    const png = solidPng(2500, 843, [255, 0, 0]);
    const uploaded = await blob.setRichMenuImageWithHttpInfo(
      richMenuId,
      new Blob([bytesOf(png)], { type: "image/png" }),
    );
    expect(uploaded.httpResponse.status).toBe(200);
    expect(uploaded.body).toEqual({});
    const download = await blob.getRichMenuImageWithHttpInfo(richMenuId);
    expect(download.httpResponse.headers.get("content-type")).toBe("image/png");
    expect((await readAll(download.body)).equals(png)).toBe(true);
  });

  it("accepts a JPEG", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api, blob } = clients(channel);
    const { richMenuId } = await api.createRichMenu(MENU);
    // A JPEG header up to its frame: SOI, APP0 (JFIF), SOF0 with 843 × 2500.
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1"),
      Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x03, 0x4b, 0x09, 0xc4, 0x03]),
      Buffer.alloc(9),
      Buffer.from([0xff, 0xd9]),
    ]);
    await blob.setRichMenuImage(richMenuId, new Blob([bytesOf(jpeg)], { type: "image/jpeg" }));
    const download = await blob.getRichMenuImageWithHttpInfo(richMenuId);
    expect(download.httpResponse.headers.get("content-type")).toBe("image/jpeg");
  });

  it("refuses an image over 1 MB", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api, blob } = clients(channel);
    const small = { ...MENU, size: { width: 1200, height: 405 }, areas: [] };
    const { richMenuId } = await api.createRichMenu(small);
    // Random pixels do not compress: 1200 × 405 × 3 bytes ≈ 1.46 MB of PNG.
    const noisy = encodePng(1200, 405, randomBytes(1200 * 405 * 3));
    expect(noisy.length).toBeGreaterThan(1024 * 1024);
    const failure = await lineFailure(() =>
      blob.setRichMenuImage(richMenuId, new Blob([bytesOf(noisy)], { type: "image/png" })),
    );
    expect(failure).toEqual({
      status: 400,
      body: { message: "The image size is not allowed for richmenu" },
    });
    expectContract("setRichMenuImage", failure.status, failure.body);
  });

  it("refuses a body over 2 MB with 413, an image of the wrong size, and a second upload", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api, blob } = clients(channel);
    const { richMenuId } = await api.createRichMenu(MENU);
    const huge = encodePng(2500, 843, randomBytes(2500 * 843 * 3));
    expect(
      (
        await lineFailure(() =>
          blob.setRichMenuImage(richMenuId, new Blob([bytesOf(huge)], { type: "image/png" })),
        )
      ).status,
    ).toBe(413);
    const wrongSize = new Blob([bytesOf(solidPng(2500, 1686, [0, 0, 0]))], { type: "image/png" });
    expect(await lineFailure(() => blob.setRichMenuImage(richMenuId, wrongSize))).toEqual({
      status: 400,
      body: { message: "The image size is not allowed for richmenu" },
    });
    await blob.setRichMenuImage(richMenuId, IMAGE());
    expect(await lineFailure(() => blob.setRichMenuImage(richMenuId, IMAGE()))).toEqual({
      status: 400,
      body: { message: "An image has already been uploaded to the richmenu" },
    });
  });

  it("refuses other media types with 415 and unknown menus with 404", async () => {
    const { channel } = await arrangeChannel(running.control);
    const { api, blob } = clients(channel);
    const { richMenuId } = await api.createRichMenu(MENU);
    const gif = new Blob([new Uint8Array(Buffer.from("GIF89a"))], { type: "image/gif" });
    expect((await lineFailure(() => blob.setRichMenuImage(richMenuId, gif))).status).toBe(415);
    const unknown = `richmenu-${"0".repeat(32)}`;
    expect(await lineFailure(() => blob.setRichMenuImage(unknown, IMAGE()))).toEqual({
      status: 404,
      body: { message: "Not found" },
    });
    expect((await lineFailure(() => blob.getRichMenuImage(richMenuId))).status).toBe(404);
  });
});

describe("which menu a user gets", () => {
  it("sets, reads and cancels the default rich menu", async () => {
    const { channel } = await arrangeChannel(running.control);
    const c = clients(channel);
    expect(await lineFailure(() => c.api.getDefaultRichMenuId())).toEqual({
      status: 404,
      body: { message: "no default richmenu", details: [] },
    });
    const { richMenuId: withoutImage } = await c.api.createRichMenu(MENU);
    expect(await lineFailure(() => c.api.setDefaultRichMenu(withoutImage))).toEqual({
      status: 400,
      body: { message: "must upload richmenu image before applying it to user", details: [] },
    });
    const id = await showableMenu(c);
    expect(await c.api.setDefaultRichMenu(id)).toEqual({});
    const read = await c.api.getDefaultRichMenuId();
    expectContract("getDefaultRichMenuId", 200, read);
    expect(read).toEqual({ richMenuId: id });
    expect(await c.api.cancelDefaultRichMenu()).toEqual({});
    expect((await lineFailure(() => c.api.getDefaultRichMenuId())).status).toBe(404);
  });

  it("links a menu to a friend, and answers 200 without linking for a non-friend", async () => {
    const { channel, friends, strangers } = await arrangeChannel(running.control, {
      friends: 1,
      strangers: 1,
    });
    const c = clients(channel);
    const id = await showableMenu(c);
    expect(await c.api.linkRichMenuIdToUser(friends[0]!, id)).toEqual({});
    const linked = await c.api.getRichMenuIdOfUser(friends[0]!);
    expectContract("getRichMenuIdOfUser", 200, linked);
    expect(linked).toEqual({ richMenuId: id });

    expect(await c.api.linkRichMenuIdToUser(strangers[0]!, id)).toEqual({});
    expect(await lineFailure(() => c.api.getRichMenuIdOfUser(strangers[0]!))).toEqual({
      status: 404,
      body: { message: "the user has no richmenu", details: [] },
    });

    expect(await c.api.unlinkRichMenuIdFromUser(friends[0]!)).toEqual({});
    expect((await lineFailure(() => c.api.getRichMenuIdOfUser(friends[0]!))).status).toBe(404);
  });

  it("refuses a malformed user ID and a menu without an image", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 1 });
    const c = clients(channel);
    const id = await showableMenu(c);
    expect(await lineFailure(() => c.api.linkRichMenuIdToUser("nobody", id))).toEqual({
      status: 400,
      body: { message: "The value for the 'userId' parameter is invalid" },
    });
    const { richMenuId: bare } = await c.api.createRichMenu(MENU);
    expect((await lineFailure(() => c.api.linkRichMenuIdToUser(friends[0]!, bare))).status).toBe(
      400,
    );
    expect(
      (
        await lineFailure(() =>
          c.api.linkRichMenuIdToUser(friends[0]!, `richmenu-${"f".repeat(32)}`),
        )
      ).status,
    ).toBe(404);
  });

  it("links and unlinks in bulk with 202, applied right after", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 3 });
    const c = clients(channel);
    const id = await showableMenu(c);
    const linked = await c.api.linkRichMenuIdToUsersWithHttpInfo({
      richMenuId: id,
      userIds: friends,
    });
    expect(linked.httpResponse.status).toBe(202);
    expect(linked.body).toEqual({});
    for (const userId of friends) {
      await eventually(
        async () => (await c.api.getRichMenuIdOfUser(userId)).richMenuId === id,
        "bulk link",
      );
    }
    const unlinked = await c.api.unlinkRichMenuIdFromUsersWithHttpInfo({
      userIds: friends.slice(0, 2),
    });
    expect(unlinked.httpResponse.status).toBe(202);
    await eventually(
      async () => (await lineFailure(() => c.api.getRichMenuIdOfUser(friends[0]!))).status === 404,
      "bulk unlink",
    );
    expect((await c.api.getRichMenuIdOfUser(friends[2]!)).richMenuId).toBe(id);
  });

  it("refuses bulk requests over 500 users", async () => {
    const { channel } = await arrangeChannel(running.control);
    const c = clients(channel);
    const id = await showableMenu(c);
    const userIds = Array.from({ length: 501 }, () => `U${randomBytes(16).toString("hex")}`);
    const failure = await lineFailure(() =>
      c.api.linkRichMenuIdToUsers({ richMenuId: id, userIds }),
    );
    expect(failure).toEqual({
      status: 400,
      body: {
        message: "The request body has 1 error(s)",
        details: [{ message: "Size must be between 1 and 500", property: "userIds" }],
      },
    });
  });
});

describe("batch control", () => {
  it("replaces menus independently per operation and reports progress", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 3 });
    const c = clients(channel);
    const [a, b, x] = [await showableMenu(c), await showableMenu(c), await showableMenu(c)];
    await c.api.linkRichMenuIdToUser(friends[0]!, a);
    await c.api.linkRichMenuIdToUser(friends[1]!, b);
    await c.api.linkRichMenuIdToUser(friends[2]!, x);
    const batch = {
      operations: [
        { type: "link", from: a, to: b },
        { type: "link", from: b, to: x },
        { type: "unlink", from: x },
      ],
      resumeRequestKey: "batch-1",
    } as messagingApi.RichMenuBatchRequest;
    expect(validateRequest("messaging-api.yml", "richMenuBatch", batch)).toEqual({ ok: true });
    expect(await c.api.validateRichMenuBatchRequest(batch)).toEqual({});

    const accepted = await c.api.richMenuBatchWithHttpInfo(batch);
    expect(accepted.httpResponse.status).toBe(202);
    const requestId = accepted.httpResponse.headers.get("x-line-request-id")!;
    const done = await eventually(async () => {
      const progress = await c.api.getRichMenuBatchProgress(requestId);
      return progress.phase === "succeeded" && progress;
    }, "batch to finish");
    expectContract("getRichMenuBatchProgress", 200, done);
    expect(done.completedTime).toEqual(expect.any(String));

    // a's users moved to b, b's to x (not on to x via a→b), x's were unlinked.
    expect((await c.api.getRichMenuIdOfUser(friends[0]!)).richMenuId).toBe(b);
    expect((await c.api.getRichMenuIdOfUser(friends[1]!)).richMenuId).toBe(x);
    expect((await lineFailure(() => c.api.getRichMenuIdOfUser(friends[2]!))).status).toBe(404);
  });

  it("unlinks everyone with unlinkAll, which stands alone", async () => {
    const { channel, friends } = await arrangeChannel(running.control, { friends: 2 });
    const c = clients(channel);
    const a = await showableMenu(c);
    for (const userId of friends) await c.api.linkRichMenuIdToUser(userId, a);
    const mixed = {
      operations: [{ type: "unlinkAll" }, { type: "unlink", from: a }],
    } as messagingApi.RichMenuBatchRequest;
    expect(await lineFailure(() => c.api.richMenuBatch(mixed))).toEqual({
      status: 400,
      body: {
        message: "The request body has 1 error(s)",
        details: [
          {
            message: "'unlinkAll' type can't be combined with other type",
            property: "operations[].type",
          },
        ],
      },
    });
    await c.api.richMenuBatch({
      operations: [{ type: "unlinkAll" }],
    } as messagingApi.RichMenuBatchRequest);
    await eventually(
      async () => (await lineFailure(() => c.api.getRichMenuIdOfUser(friends[1]!))).status === 404,
      "unlinkAll",
    );
  });

  it("refuses a duplicated from and an unknown menu", async () => {
    const { channel } = await arrangeChannel(running.control);
    const c = clients(channel);
    const [a, b] = [await showableMenu(c), await showableMenu(c)];
    const duplicated = {
      operations: [
        { type: "unlink", from: a },
        { type: "link", from: a, to: b },
      ],
    } as messagingApi.RichMenuBatchRequest;
    expect(
      (await lineFailure(() => c.api.validateRichMenuBatchRequest(duplicated))).body.details,
    ).toEqual([{ message: `from richmenu (${a}) is duplicated`, property: "operations[].from" }]);
    const unknown = {
      operations: [{ type: "unlink", from: `richmenu-${"a".repeat(32)}` }],
    } as messagingApi.RichMenuBatchRequest;
    expect((await lineFailure(() => c.api.richMenuBatch(unknown))).status).toBe(404);
  });
});

describe("rich menu aliases", () => {
  it("creates, reads, lists, updates and deletes an alias", async () => {
    const { channel } = await arrangeChannel(running.control);
    const c = clients(channel);
    const [a, b] = [await showableMenu(c), await showableMenu(c)];
    const request = { richMenuAliasId: "tab-a", richMenuId: a };
    expect(validateRequest("messaging-api.yml", "createRichMenuAlias", request)).toEqual({
      ok: true,
    });
    expect(await c.api.createRichMenuAlias(request)).toEqual({});
    const alias = await c.api.getRichMenuAlias("tab-a");
    expectContract("getRichMenuAlias", 200, alias);
    expect(alias).toEqual(request);
    expect(await c.api.updateRichMenuAlias("tab-a", { richMenuId: b })).toEqual({});
    const list = await c.api.getRichMenuAliasList();
    expectContract("getRichMenuAliasList", 200, list);
    expect(list).toEqual({ aliases: [{ richMenuAliasId: "tab-a", richMenuId: b }] });
    expect(await c.api.deleteRichMenuAlias("tab-a")).toEqual({});
    expect(await lineFailure(() => c.api.getRichMenuAlias("tab-a"))).toEqual({
      status: 404,
      body: { message: "richmenu alias not found", details: [] },
    });
  });

  it("refuses a taken alias ID, a bad one, and a menu without an image", async () => {
    const { channel } = await arrangeChannel(running.control);
    const c = clients(channel);
    const a = await showableMenu(c);
    await c.api.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId: a });
    expect(
      await lineFailure(() =>
        c.api.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId: a }),
      ),
    ).toEqual({ status: 400, body: { message: "conflict richmenu alias id", details: [] } });
    expect(
      (
        await lineFailure(() =>
          c.api.createRichMenuAlias({ richMenuAliasId: "Tab A", richMenuId: a }),
        )
      ).body.details,
    ).toEqual([{ message: "invalid richMenuAliasId", property: "richMenuAliasId" }]);
    const { richMenuId: bare } = await c.api.createRichMenu(MENU);
    expect(
      await lineFailure(() =>
        c.api.createRichMenuAlias({ richMenuAliasId: "tab-b", richMenuId: bare }),
      ),
    ).toEqual({ status: 400, body: { message: "richmenu not found", details: [] } });
  });
});

describe("the per-channel cap", () => {
  it("refuses the 1,001st rich menu", async () => {
    // Creating is limited to 100 an hour, so the first 1,000 come from a saved data file.
    const dir = await mkdtemp(join(tmpdir(), "line-emulator-rich-menus-"));
    const file = join(dir, "emulator.json");
    try {
      await running.close();
      running = await startEmulator({ dataFile: file });
      const { channel } = await arrangeChannel(running.control);
      await running.close();
      const snapshot = JSON.parse(await readFile(file, "utf8")) as Snapshot;
      snapshot.richMenus!.menus = Array.from({ length: 1000 }, (_, i) => ({
        richMenuId: `richmenu-${i.toString(16).padStart(32, "0")}`,
        channelId: channel.channelId,
        ...MENU,
        createdAt: new Date().toISOString(),
      })) as RichMenuSnapshot["menus"];
      await writeFile(file, JSON.stringify(snapshot));
      running = await startEmulator({ dataFile: file });
      const { api } = clients(channel);
      expect((await api.getRichMenuList()).richmenus).toHaveLength(1000);
      const failure = await lineFailure(() => api.createRichMenu(MENU));
      expect(failure).toEqual({
        status: 400,
        body: { message: "The maximum number of rich menus (1000) has been reached" },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
