import { ALL_FRIENDS, compileMessages } from "@kizuna/core";
import {
  acquireSenderLease,
  type ClaimedBatch,
  claimWindow,
  createCampaign,
  findCampaign,
  startCampaign,
} from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { createLineClient, type messagingApi } from "@kizuna/line";
import {
  deliveryOptions,
  lineClients,
  processWebhookEvents,
  runChannelSender,
} from "@kizuna/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Stack, startStack } from "./harness.ts";

describe.each(testDatabaseKinds())("a sender that dies mid-batch, on $name", (kind) => {
  let stack: Stack;
  let users: string[];

  beforeAll(async () => {
    // No background worker: the test plays the sender that crashes, then the one that takes over.
    stack = await startStack(kind, { worker: false });
    users = await stack.addUsers(30);
    for (const userId of users) await stack.act(userId, "follow");
    const { db } = stack.database;
    await eventually(
      async () => {
        await processWebhookEvents(db);
        const row = await db
          .selectFrom("friends")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        return Number(row.n) === users.length ? true : undefined;
      },
      10_000,
      "all follows stored",
    );
    // Display names come from LINE profiles; the test gives them directly.
    for (const [i, userId] of users.entries()) {
      await db
        .updateTable("friends")
        .set({ display_name: `友だち${i}` })
        .where("line_user_id", "=", userId)
        .execute();
    }
  });
  afterAll(() => stack?.stop());

  /** What the crashed sender had done: campaign started, one window claimed and committed. */
  async function claimFirstWindow(text: string): Promise<{ id: string; batches: ClaimedBatch[] }> {
    const { db } = stack.database;
    const messages = [{ type: "text", text }];
    const campaign = await createCampaign(db, {
      channelId: stack.channel.id,
      name: null,
      messages,
      audience: ALL_FRIENDS,
      scheduledAt: null,
      createdBy: null,
    });
    const compiled = compileMessages(messages);
    if (!compiled.ok) throw new Error("template");
    const started = await startCampaign(db, {
      campaignId: campaign.id,
      compiled: compiled.compiled,
      frequencyCap: null,
      lineQuota: null,
      monthlyLimit: null,
      timeZone: "Asia/Tokyo",
    });
    expect(started).toMatchObject({ started: true, recipients: users.length });
    const personalised = compiled.compiled.variables.length > 0;
    const claim = await claimWindow(db, {
      campaignId: campaign.id,
      windowSize: 1000,
      render: personalised
        ? (values) => ({
            ok: true,
            key: `${values.name}`,
            messages: [{ type: "text", text: text.replace("{{name}}", values.name ?? "") }],
          })
        : undefined,
    });
    return { id: campaign.id, batches: claim.batches };
  }

  /** Another worker becomes the channel's sender and finishes the work. */
  async function takeOver() {
    const { db } = stack.database;
    // The crashed sender held no lease here; a real one's would run out first.
    expect(await acquireSenderLease(db, stack.channel.id, "worker-takeover", 5_000)).toBe(true);
    await runChannelSender(
      {
        db,
        clients: lineClients(db, stack.secretBox),
        log: stack.log,
        holder: "worker-takeover",
        options: deliveryOptions(),
        stopping: () => false,
      },
      stack.channel.id,
    );
  }

  const line = () =>
    createLineClient({
      channelAccessToken: stack.lineChannel.channelAccessToken,
      apiBaseUrl: stack.emulatorUrl,
    });

  async function textsOf(userId: string, text: string) {
    return (await stack.received(userId))
      .map((r) => r.message.text)
      .filter((t) => t?.startsWith(text));
  }

  it("does not send twice when it died after LINE accepted the batch", async () => {
    const { id, batches } = await claimFirstWindow("after-accept");
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch).toMatchObject({ kind: "multicast", to: expect.arrayContaining(users) });
    const accepted = await line().multicast(
      batch!.to,
      batch!.messages as messagingApi.Message[],
      batch!.retryKey,
    );
    expect(accepted.ok).toBe(true);
    // Killed here: the batch was never marked accepted.
    await takeOver();

    for (const userId of users) expect(await textsOf(userId, "after-accept")).toHaveLength(1);
    expect(await findCampaign(stack.database.db, stack.channel.id, id)).toMatchObject({
      status: "done",
      recipients: users.length,
      accepted: users.length,
      failed: 0,
    });
  });

  it("sends once when it died before the request reached LINE", async () => {
    await claimFirstWindow("before-send");
    // Killed here: claimed and committed, never sent.
    await takeOver();
    for (const userId of users) expect(await textsOf(userId, "before-send")).toHaveLength(1);
  });

  it("does not push a personalised message twice when it died after LINE accepted it", async () => {
    const { id, batches } = await claimFirstWindow("pushed {{name}}");
    // Every friend has their own name: one push each.
    expect(batches.map((b) => b.kind)).toEqual(users.map(() => "push"));
    for (const batch of batches.slice(0, 10)) {
      const result = await line().push(
        batch.to[0]!,
        batch.messages as messagingApi.Message[],
        batch.retryKey,
      );
      expect(result.ok).toBe(true);
    }
    // Killed after ten pushes were accepted.
    await takeOver();
    for (const [i, userId] of users.entries()) {
      expect(await textsOf(userId, "pushed")).toEqual([`pushed 友だち${i}`]);
    }
    expect(await findCampaign(stack.database.db, stack.channel.id, id)).toMatchObject({
      status: "done",
      accepted: users.length,
    });
  });
});
