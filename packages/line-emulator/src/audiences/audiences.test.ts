import { manageAudience, messagingApi } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { validateResponse } from "../contract/openapi.ts";
import {
  contractProblems,
  type RecordingEmulator,
  startRecordingEmulator,
} from "../contract/recording.ts";
import type { Channel } from "../state/types.ts";
import { arrangeChannel } from "../testing/harness.ts";

let running: RecordingEmulator;
let now = Date.now();
afterEach(() => running.close());

async function start(): Promise<{ channel: Channel; userIds: string[] }> {
  now = Date.now();
  running = await startRecordingEmulator({ now: () => now, audienceReadyDelayMs: 60_000 });
  const { channel } = await arrangeChannel(running.control);
  const { body } = await running.control.post<{ userIds: string[] }>(
    `/channels/${channel.channelId}/followers`,
    { count: 60, silent: true },
  );
  return { channel, userIds: body.userIds };
}

function clients(channel: Channel) {
  const config = { channelAccessToken: channel.channelAccessToken, baseURL: running.baseURL };
  return {
    audiences: new manageAudience.ManageAudienceClient(config),
    files: new manageAudience.ManageAudienceBlobClient(config),
    messaging: new messagingApi.MessagingApiClient(config),
  };
}

/** Every successful audience exchange so far matches manage-audience.yml. */
function expectContract(): void {
  const exchanges = running.exchanges.filter(
    (exchange) => exchange.url.startsWith("/v2/bot/audienceGroup") && exchange.status < 400,
  );
  const problems = exchanges.flatMap((exchange) =>
    // findOperation would take `/list` for `/{audienceGroupId}`; check the list response itself.
    exchange.url.startsWith("/v2/bot/audienceGroup/list")
      ? errorsOf(
          validateResponse(
            "manage-audience.yml",
            "getAudienceGroups",
            exchange.status,
            exchange.responseBody,
          ),
        )
      : contractProblems(exchange, ["manage-audience.yml"]),
  );
  expect(problems).toEqual([]);
}

function errorsOf(check: { ok: true } | { ok: false; errors: string[] }): string[] {
  return check.ok ? [] : check.errors;
}

const idFile = (ids: string[]) => new Blob([ids.join("\n")], { type: "text/plain" });

describe("audience groups", () => {
  it("creates an upload audience, builds it for a while, then it is READY", async () => {
    const { channel, userIds } = await start();
    const { audiences } = clients(channel);
    const created = await audiences.createAudienceGroup({
      description: "VIP",
      uploadDescription: "first upload",
      audiences: userIds.slice(0, 10).map((id) => ({ id })),
    });
    expect(created).toMatchObject({
      audienceGroupId: expect.any(Number),
      type: "UPLOAD",
      description: "VIP",
      createRoute: "MESSAGING_API",
      permission: "READ_WRITE",
      isIfaAudience: false,
      created: Math.floor(now / 1000),
    });
    const id = created.audienceGroupId!;
    expect((await audiences.getAudienceData(id)).audienceGroup).toMatchObject({
      status: "IN_PROGRESS",
      audienceCount: 10,
    });

    await audiences.addAudienceToAudienceGroup({
      audienceGroupId: id,
      uploadDescription: "second upload",
      audiences: userIds.slice(5, 15).map((id) => ({ id })),
    });
    now += 60_001;
    const data = await audiences.getAudienceData(id);
    expect(data.audienceGroup).toMatchObject({ status: "READY", audienceCount: 15 });
    expect(data.jobs!.map((job) => [job.description, job.audienceCount, job.jobStatus])).toEqual([
      ["second upload", 5, "FINISHED"],
      ["first upload", 10, "FINISHED"],
    ]);
    expectContract();
  });

  it("keeps an empty upload audience IN_PROGRESS, as LINE does", async () => {
    const { channel } = await start();
    const { audiences } = clients(channel);
    const { audienceGroupId } = await audiences.createAudienceGroup({ description: "Empty" });
    now += 120_000;
    expect((await audiences.getAudienceData(audienceGroupId!)).audienceGroup!.status).toBe(
      "IN_PROGRESS",
    );
  });

  it("uploads user IDs by file on the api-data paths", async () => {
    const { channel, userIds } = await start();
    const { audiences, files } = clients(channel);
    const created = await files.createAudienceForUploadingUserIds(
      idFile(userIds.slice(0, 20)),
      "From CRM export",
    );
    expect(created).toMatchObject({ type: "UPLOAD", description: "From CRM export" });
    await files.addUserIdsToAudience(
      idFile(userIds.slice(20, 30)),
      created.audienceGroupId,
      "more",
    );
    now += 60_001;
    expect((await audiences.getAudienceData(created.audienceGroupId!)).audienceGroup).toMatchObject(
      {
        status: "READY",
        audienceCount: 30,
      },
    );
  });

  it("refuses malformed user IDs with LINE's error code", async () => {
    const { channel } = await start();
    const { audiences, files } = clients(channel);
    await expect(
      audiences.createAudienceGroup({ description: "Bad", audiences: [{ id: "not-a-user" }] }),
    ).rejects.toMatchObject({
      status: 400,
      body: expect.stringContaining('"property":"audiences[0].id"'),
    });
    await expect(
      files.createAudienceForUploadingUserIds(idFile(["Uabc"]), "Bad file"),
    ).rejects.toMatchObject({
      status: 400,
      body: JSON.stringify({
        message: "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT",
        details: [
          { message: "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT", property: "file" },
        ],
      }),
    });
    await expect(
      audiences.createAudienceGroup({ description: "x".repeat(121) }),
    ).rejects.toMatchObject({ body: expect.stringContaining("AUDIENCE_GROUP_NAME_SIZE_OVER") });
  });

  it("builds click and impression audiences from a broadcast's readers and clickers", async () => {
    const { channel, userIds } = await start();
    const { audiences, messaging } = clients(channel);
    const sent = await messaging.broadcastWithHttpInfo({
      messages: [
        {
          type: "template",
          altText: "sale",
          template: {
            type: "buttons",
            text: "Sale",
            actions: [{ type: "uri", label: "Open", uri: "tel:0312345678" }],
          },
        },
      ],
    });
    const requestId = sent.httpResponse.headers.get("x-line-request-id")!;
    const { body: chat } = await running.control.get<{ messageId: string }[]>(
      `/users/${userIds[0]}/chat`,
    );
    const messageId = chat.at(-1)!.messageId;
    for (const userId of userIds.slice(0, 30)) await running.control.post(`/users/${userId}/read`);
    for (const userId of userIds.slice(0, 25)) {
      await running.control.post(`/users/${userId}/tap`, { messageId, label: "Open" });
    }

    const imp = await audiences.createImpBasedAudienceGroup({ description: "Readers", requestId });
    expect(imp).toMatchObject({ type: "IMP", description: "Readers", requestId });
    const click = await audiences.createClickBasedAudienceGroup({
      description: "Clickers",
      requestId,
      clickUrl: "tel:0312345678",
    });
    expect(click).toMatchObject({ type: "CLICK", requestId, clickUrl: "tel:0312345678" });
    now += 60_001;
    expect((await audiences.getAudienceData(imp.audienceGroupId!)).audienceGroup).toMatchObject({
      status: "READY",
      audienceCount: 30,
    });
    expect((await audiences.getAudienceData(click.audienceGroupId!)).audienceGroup).toMatchObject({
      audienceCount: 25,
    });

    await expect(
      audiences.createImpBasedAudienceGroup({ description: "Again", requestId }),
    ).rejects.toMatchObject({
      body: expect.stringContaining("AUDIENCE_GROUP_REQUESTID_DUPLICATE"),
    });
    await expect(
      audiences.createImpBasedAudienceGroup({ description: "Nope", requestId: "unknown" }),
    ).rejects.toMatchObject({ body: expect.stringContaining("REQUEST_NOT_FOUND") });

    // Narrowcast reaches exactly the clickers.
    const narrowcast = await messaging.narrowcastWithHttpInfo({
      messages: [{ type: "text", text: "Thanks for looking" }],
      recipient: { type: "audience", audienceGroupId: click.audienceGroupId! },
    });
    expect(narrowcast.httpResponse.status).toBe(202);
    expectContract();
  });

  it("lists with filters and pages, renames and deletes", async () => {
    const { channel, userIds } = await start();
    const { audiences } = clients(channel);
    const ids: number[] = [];
    for (const name of ["Spring VIP", "Spring new", "Autumn"]) {
      const created = await audiences.createAudienceGroup({
        description: name,
        audiences: [{ id: userIds[0]! }],
      });
      ids.push(created.audienceGroupId!);
    }
    const page1 = await audiences.getAudienceGroups(1, "spring", undefined, 1);
    expect(page1).toMatchObject({ totalCount: 2, hasNextPage: true, page: 1, size: 1 });
    expect(page1.audienceGroups!.map((g) => g.description)).toEqual(["Spring VIP"]);
    const page2 = await audiences.getAudienceGroups(2, "spring", undefined, 1);
    expect(page2).toMatchObject({ hasNextPage: false });
    expect(page2.audienceGroups!.map((g) => g.description)).toEqual(["Spring new"]);
    expect((await audiences.getAudienceGroups(1, undefined, "READY")).totalCount).toBe(0);

    await audiences.updateAudienceGroupDescription(ids[2]!, { description: "Autumn 2026" });
    expect((await audiences.getAudienceData(ids[2]!)).audienceGroup!.description).toBe(
      "Autumn 2026",
    );
    await audiences.deleteAudienceGroup(ids[2]!);
    await expect(audiences.getAudienceData(ids[2]!)).rejects.toMatchObject({
      status: 400,
      body: expect.stringContaining("AUDIENCE_GROUP_NOT_FOUND"),
    });
    expectContract();
  });

  it("does not show one channel's audiences to another", async () => {
    const { channel, userIds } = await start();
    const other = await arrangeChannel(running.control);
    const created = await clients(channel).audiences.createAudienceGroup({
      description: "Mine",
      audiences: [{ id: userIds[0]! }],
    });
    await expect(
      clients(other.channel).audiences.getAudienceData(created.audienceGroupId!),
    ).rejects.toMatchObject({ status: 400 });
  });
});
