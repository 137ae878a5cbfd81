import { randomUUID } from "node:crypto";
import {
  AudienceUnavailable,
  addAudienceListEntries,
  createAudienceList,
  createCampaign,
  finishAudienceList,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannel, receivedByChannel, seedFriends } from "./delivery-seed.ts";
import { eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

interface CampaignJson {
  id: string;
  status: string;
  recipients: number;
  accepted: number;
  audience: unknown;
  audienceNames: { segments: Record<string, string | null>; lists: Record<string, string | null> };
  error: { code: string; detail: Record<string, unknown> | null } | null;
}

const FAST = {
  leaseMs: 1_500,
  pollMs: 100,
  retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 },
};
const hello = [{ type: "text", text: "新商品のお知らせ" }];
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe.each(testDatabaseKinds())("campaign audiences on $name", (kind) => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signUpOwner>>;

  // A fresh database, server, emulator and worker: slow to start on a busy machine.
  beforeAll(async () => {
    stack = await startStack(kind, { delivery: FAST });
    admin = await signUpOwner(stack.url);
  }, 180_000);
  afterAll(() => stack?.stop());

  /**
   * A channel of ten friends: 0–6 have the tag VIP (saved as the segment "VIP"), 6 blocked the
   * channel, and the list "当選者" names friends 1 and 2 by LINE user id.
   */
  async function shop() {
    const channel = await addChannel(
      { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
      stack.emulatorUrl,
    );
    const { userIds, friendIds } = await seedFriends(
      stack.database,
      stack.emulatorUrl,
      channel,
      10,
    );
    const { db } = stack.database;
    const tag = await db
      .insertInto("tags")
      .values({ channel_id: channel.id, name: "VIP" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("friend_tags")
      .values(friendIds.slice(0, 7).map((id) => ({ friend_id: id, tag_id: tag.id })))
      .execute();
    // Blocked in Kizuna only: were it sent to, the emulator would record it.
    await db
      .updateTable("friends")
      .set({ status: "blocked", blocked_at: new Date() })
      .where("id", "=", friendIds[6]!)
      .execute();
    const segment = await saveSegment(channel.id, "VIP", {
      version: 1,
      root: { kind: "tag", match: "any", tagIds: [tag.id] },
    });
    const list = await createAudienceList(db, {
      channelId: channel.id,
      name: "当選者",
      idKind: "line_user_id",
      fileName: null,
      createdBy: null,
    });
    if (!list.ok) throw new Error("list not created");
    await addAudienceListEntries(db, list.id, [userIds[1]!, userIds[2]!]);
    await finishAudienceList(db, list.id, { rejectedRows: 0, rejections: [], actor: "system" });
    return { channel, userIds, friendIds, segmentId: segment.id, listId: list.id };
  }

  async function saveSegment(channelId: string, name: string, definition: unknown) {
    const response = await admin.request("POST", `/api/channels/${channelId}/segments`, {
      name,
      definition,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { segment: { id: string } }).segment;
  }

  async function estimate(channelId: string, audience: unknown) {
    return admin.request("POST", `/api/channels/${channelId}/campaigns/estimate`, { audience });
  }

  async function create(channelId: string, body: Record<string, unknown>) {
    return admin.request("POST", `/api/channels/${channelId}/campaigns`, {
      messages: hello,
      ...body,
    });
  }

  async function campaign(channelId: string, campaignId: string) {
    const response = await admin.request(
      "GET",
      `/api/channels/${channelId}/campaigns/${campaignId}`,
    );
    return ((await response.json()) as { campaign: CampaignJson }).campaign;
  }

  async function settled(channelId: string, campaignId: string) {
    return eventually(
      async () => {
        const c = await campaign(channelId, campaignId);
        return ["done", "failed"].includes(c.status) ? c : undefined;
      },
      20_000,
      "campaign settled",
    );
  }

  it("sends a saved segment minus an excluded list to exactly its following friends, as estimated", async () => {
    const { channel, userIds, segmentId, listId } = await shop();
    const audience = { type: "segment", segmentId, exclude: [{ type: "list", listId }] };

    const estimated = await estimate(channel.id, audience);
    expect(estimated.status, await estimated.clone().text()).toBe(200);
    const { summary } = (await estimated.json()) as { summary: { recipients: number } };
    expect(summary.recipients).toBe(4);

    const created = await create(channel.id, { name: "VIP先行", audience });
    expect(created.status, await created.clone().text()).toBe(202);
    const { campaign: sent } = (await created.json()) as { campaign: CampaignJson };
    expect(sent.audienceNames).toEqual({
      segments: { [segmentId]: "VIP" },
      lists: { [listId]: "当選者" },
    });

    const done = await settled(channel.id, sent.id);
    expect(done).toMatchObject({ status: "done", recipients: 4, accepted: 4 });
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    // VIP are 0–6; 1 and 2 are on the excluded list; 6 blocked.
    expect(received.map((m) => m.userId).sort()).toEqual(
      [userIds[0], userIds[3], userIds[4], userIds[5]].sort(),
    );
  });

  it("sends an uploaded list, and every following friend minus a segment", async () => {
    const { channel, userIds, segmentId, listId } = await shop();
    const toList = await create(channel.id, { audience: { type: "list", listId } });
    expect(toList.status, await toList.clone().text()).toBe(202);
    const listCampaign = (await toList.json()) as { campaign: CampaignJson };
    expect(await settled(channel.id, listCampaign.campaign.id)).toMatchObject({ recipients: 2 });

    const notVip = { type: "all_friends", exclude: [{ type: "segment", segmentId }] };
    const estimated = (await (await estimate(channel.id, notVip)).json()) as {
      summary: { recipients: number };
    };
    expect(estimated.summary.recipients).toBe(3);
    const toOthers = await create(channel.id, { audience: notVip });
    const othersCampaign = (await toOthers.json()) as { campaign: CampaignJson };
    expect(await settled(channel.id, othersCampaign.campaign.id)).toMatchObject({
      status: "done",
      recipients: 3,
    });
    const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
    expect(received.map((m) => m.userId).sort()).toEqual(
      [userIds[1], userIds[2], userIds[7], userIds[8], userIds[9]].sort(),
    );
  });

  it("refuses an audience naming a segment or list the channel does not have, and stores nothing", async () => {
    const { channel, segmentId } = await shop();
    const other = await shop();
    const missing = randomUUID();

    const unknownSegment = await create(channel.id, {
      audience: { type: "segment", segmentId: missing },
    });
    expect(unknownSegment.status).toBe(400);
    expect(((await unknownSegment.json()) as { error: unknown }).error).toEqual({
      code: "unknown_segment",
      message: `This channel has no saved segment ${missing}.`,
      details: [
        {
          path: "/audience/segmentId",
          code: "unknown_segment",
          message: "no such saved segment in this channel",
        },
      ],
    });

    // Another channel's list is no list of this one, even in a scheduled campaign's exclusion.
    const foreignList = await create(channel.id, {
      audience: { type: "segment", segmentId, exclude: [{ type: "list", listId: other.listId }] },
      scheduledAt: inAnHour(),
    });
    expect(foreignList.status).toBe(400);
    expect(((await foreignList.json()) as { error: { details: unknown } }).error).toMatchObject({
      code: "unknown_list",
      message: `This channel has no uploaded list ${other.listId}.`,
      details: [{ path: "/audience/exclude/0/listId", code: "unknown_list" }],
    });

    const estimated = await estimate(channel.id, { type: "list", listId: missing });
    expect(estimated.status).toBe(400);
    expect(((await estimated.json()) as { error: { code: string } }).error.code).toBe(
      "unknown_list",
    );

    // Checked again under the segment lock as the campaign is stored, so a segment deleted
    // between the API's check and the insert is refused there too.
    await expect(
      createCampaign(stack.database.db, {
        channelId: channel.id,
        name: null,
        messages: hello,
        audience: { type: "all_friends", exclude: [{ type: "segment", segmentId: missing }] },
        scheduledAt: null,
        createdBy: null,
      }),
    ).rejects.toBeInstanceOf(AudienceUnavailable);

    const list = await admin.request("GET", `/api/channels/${channel.id}/campaigns`);
    expect(((await list.json()) as { campaigns: unknown[] }).campaigns).toEqual([]);
  });

  it("refuses a segment broken since it was saved, and fails a scheduled campaign that meets it at its start", async () => {
    const { channel } = await shop();
    const { db } = stack.database;
    const field = await db
      .insertInto("custom_fields")
      .values({ channel_id: channel.id, key: "shop", label: "店舗", type: "text" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const segment = await saveSegment(channel.id, "渋谷店", {
      version: 1,
      root: { kind: "field", fieldId: field.id, op: "equals", value: "渋谷" },
    });
    const scheduled = await create(channel.id, {
      audience: { type: "segment", segmentId: segment.id },
      scheduledAt: new Date(Date.now() + 1_500).toISOString(),
    });
    expect(scheduled.status, await scheduled.clone().text()).toBe(202);
    const { campaign: waiting } = (await scheduled.json()) as { campaign: CampaignJson };
    await db.deleteFrom("custom_fields").where("id", "=", field.id).execute();

    const estimated = await estimate(channel.id, { type: "segment", segmentId: segment.id });
    expect(estimated.status).toBe(400);
    expect(((await estimated.json()) as { error: unknown }).error).toMatchObject({
      code: "invalid_segment",
      details: [{ path: "/audience/segmentId", code: "invalid_segment_reference" }],
    });

    const failed = await settled(channel.id, waiting.id);
    expect(failed).toMatchObject({ status: "failed", recipients: 0 });
    expect(failed.error?.code).toBe("audience_unavailable");
    expect(await receivedByChannel(stack.emulatorUrl, channel.lineChannelId)).toEqual([]);
  });

  it("keeps a scheduled campaign's segment and list from deletion; a sent one names them or null", async () => {
    const { channel, segmentId, listId } = await shop();
    const audience = { type: "segment", segmentId, exclude: [{ type: "list", listId }] };
    const sent = (await (await create(channel.id, { audience })).json()) as {
      campaign: CampaignJson;
    };
    await settled(channel.id, sent.campaign.id);
    const later = await create(channel.id, {
      name: "週末セール",
      audience,
      scheduledAt: inAnHour(),
    });
    expect(later.status, await later.clone().text()).toBe(202);
    const { campaign: scheduled } = (await later.json()) as { campaign: CampaignJson };

    const segmentDelete = await admin.request(
      "DELETE",
      `/api/channels/${channel.id}/segments/${segmentId}`,
    );
    expect(segmentDelete.status).toBe(409);
    expect(((await segmentDelete.json()) as { error: unknown }).error).toEqual({
      code: "segment_in_use",
      message: 'In use by campaign "週末セール".',
      details: { usedBy: [], campaigns: [{ id: scheduled.id, name: "週末セール" }] },
    });
    const listDelete = await admin.request(
      "DELETE",
      `/api/channels/${channel.id}/audience-lists/${listId}`,
    );
    expect(listDelete.status).toBe(409);
    expect(((await listDelete.json()) as { error: { code: string } }).error.code).toBe(
      "list_in_use",
    );

    const cancelled = await admin.request(
      "POST",
      `/api/channels/${channel.id}/campaigns/${scheduled.id}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    expect(
      (await admin.request("DELETE", `/api/channels/${channel.id}/segments/${segmentId}`)).status,
    ).toBe(204);
    expect(
      (await admin.request("DELETE", `/api/channels/${channel.id}/audience-lists/${listId}`))
        .status,
    ).toBe(204);

    const kept = await campaign(channel.id, sent.campaign.id);
    expect(kept.audience).toEqual(audience);
    expect(kept.audienceNames).toEqual({
      segments: { [segmentId]: null },
      lists: { [listId]: null },
    });
  });
});
