import { claimNewBatch, createBroadcast, listBroadcasts, startNextBroadcast } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { createLineClient, type messagingApi } from "@kizuna/line";
import { lineClients, processWebhookEvents, sendBroadcastStep } from "@kizuna/worker";
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
  });
  afterAll(() => stack?.stop());

  async function runTakeover() {
    const clients = lineClients(stack.database.db, stack.secretBox);
    // The abandoned batch's lease runs out…
    await stack.database.db
      .updateTable("delivery_batches")
      .set({ lease_until: new Date(0) })
      .where("status", "=", "sending")
      .execute();
    // …and a new sender finishes the work.
    while (await sendBroadcastStep(stack.database.db, clients, stack.log)) {}
  }

  async function queue(text: string) {
    const { db } = stack.database;
    await createBroadcast(db, {
      channelId: stack.channel.id,
      messages: [{ type: "text", text }],
      createdBy: null,
    });
    await startNextBroadcast(db);
    const batch = await claimNewBatch(db, 500, 30_000);
    expect(batch?.lineUserIds).toHaveLength(users.length);
    return batch!;
  }

  it("does not send twice when it died after LINE accepted the batch", async () => {
    const batch = await queue("after-accept");
    const line = createLineClient({
      channelAccessToken: stack.lineChannel.channelAccessToken,
      apiBaseUrl: stack.emulatorUrl,
    });
    const accepted = await line.multicast(
      batch.lineUserIds,
      batch.messages as messagingApi.Message[],
      batch.retryKey,
    );
    expect(accepted.ok).toBe(true);
    // Killed here: the batch was never marked sent.
    await runTakeover();

    for (const userId of users) {
      const texts = (await stack.received(userId)).map((r) => r.message.text);
      expect(texts.filter((t) => t === "after-accept")).toHaveLength(1);
    }
    const [broadcast] = await listBroadcasts(stack.database.db, stack.channel.id);
    expect(broadcast).toMatchObject({
      status: "done",
      recipients: users.length,
      sent: users.length,
      failed: 0,
    });
  });

  it("sends once when it died before the request reached LINE", async () => {
    await queue("before-send");
    // Killed here: claimed and committed, never sent.
    await runTakeover();

    for (const userId of users) {
      const texts = (await stack.received(userId)).map((r) => r.message.text);
      expect(texts.filter((t) => t === "before-send")).toHaveLength(1);
    }
  });
});
