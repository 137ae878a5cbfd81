import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { findCampaign } from "@kizuna/db";
import { testDatabaseKinds } from "@kizuna/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannel, receivedByChannel, seedFriends } from "./delivery-seed.ts";
import { control, eventually, type Stack, signUpOwner, startStack } from "./harness.ts";

const WORKER = join(import.meta.dirname, "delivery-worker.ts");
const FRIENDS = 3_000;
const BLOCKERS = 60;
const MAX_KILLS = 6;
// LINE's limits scaled by 0.1 on the emulator (push 200/s, multicast 20/s); the workers pace
// themselves a little under them.
const EMULATOR_RATE_MULTIPLIER = 0.1;
const DELIVERY = {
  leaseMs: 1_000,
  pollMs: 100,
  rates: { multicast: 18, push: 180 },
  retry: { maxAttempts: 20, baseDelayMs: 200, maxDelayMs: 2_000 },
  personalisedWindowSize: 400,
};

describe("the delivery worker process", () => {
  it("refuses to start without a database server to share", async () => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, DATABASE_URL: "", KIZUNA_SECRET_KEY: "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain("set DATABASE_URL and KIZUNA_SECRET_KEY");
  });
});

// Workers in other processes need a database server: PostgreSQL only.
describe.each(testDatabaseKinds().filter((k) => k.name === "postgres"))(
  "workers killed with SIGKILL during a campaign, on $name",
  (kind) => {
    const secretKey = randomBytes(32);
    let stack: Stack;
    const children = new Set<ChildProcess>();
    const logs: string[] = [];

    beforeAll(async () => {
      stack = await startStack(kind, {
        worker: false,
        secretKey,
        emulator: { rateLimits: { multiplier: EMULATOR_RATE_MULTIPLIER } },
      });
    });
    afterAll(async () => {
      for (const child of children) child.kill("SIGKILL");
      await stack?.stop();
    });

    async function startWorkerProcess(): Promise<ChildProcess> {
      if (stack.database.backend.kind !== "postgres") throw new Error("needs PostgreSQL");
      const child = spawn(process.execPath, [WORKER], {
        env: {
          ...process.env,
          DATABASE_URL: stack.database.backend.url,
          KIZUNA_SECRET_KEY: secretKey.toString("base64"),
          KIZUNA_DELIVERY: JSON.stringify(DELIVERY),
          LOG_LEVEL: "info",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.add(child);
      child.once("exit", () => children.delete(child));
      child.stderr?.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("ready")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`worker exited (${code}) before ready`)));
      });
      return child;
    }

    it("delivers every personalised message exactly once, and nothing to friends who blocked after the snapshot", async () => {
      const admin = await signUpOwner(stack.url);
      const channel = await addChannel(
        { database: stack.database, secretBox: stack.secretBox, publicUrl: stack.url },
        stack.emulatorUrl,
      );
      // Half have a name of their own (a push each); half have none and share the default
      // text (multicasts of up to 500).
      const names = Array.from({ length: FRIENDS }, (_, i) => (i % 2 === 0 ? `会員${i}` : null));
      const { userIds } = await seedFriends(
        stack.database,
        stack.emulatorUrl,
        channel,
        FRIENDS,
        names,
      );
      const { db } = stack.database;

      let worker = await startWorkerProcess();
      const response = await admin.request("POST", `/api/channels/${channel.id}/campaigns`, {
        messages: [{ type: "text", text: "{{name|お客様}}へ、SIGKILL にも負けない配信です" }],
      });
      expect(response.status).toBe(202);
      const { campaign } = (await response.json()) as { campaign: { id: string } };

      // As soon as the audience is snapshotted, friends at the end of the send order block.
      await eventually(
        async () =>
          (await findCampaign(db, channel.id, campaign.id))?.status === "sending"
            ? true
            : undefined,
        10_000,
        "campaign started",
      );
      const last = await db
        .selectFrom("deliveries as d")
        .innerJoin("friends as f", "f.id", "d.friend_id")
        .select(["f.id", "f.line_user_id"])
        .where("d.campaign_id", "=", campaign.id)
        .orderBy("d.seq", "desc")
        .limit(BLOCKERS)
        .execute();
      const blockers = last.map((f) => f.line_user_id);
      await Promise.all(
        blockers.map((userId) =>
          control(stack.emulatorUrl, "POST", `/_emulator/users/${userId}/unfollow`),
        ),
      );
      await db
        .updateTable("friends")
        .set({ status: "blocked", blocked_at: new Date() })
        .where(
          "id",
          "in",
          last.map((f) => f.id),
        )
        .execute();

      // Kill the sender at random moments while it sends — each one after it has made some
      // progress, so that the test ends — start another, sometimes two at once.
      let kills = 0;
      const startedAt = Date.now();
      const accepted = async () => (await findCampaign(db, channel.id, campaign.id))!;
      for (;;) {
        const before = await accepted();
        if (before.status === "done") break;
        if (Date.now() - startedAt > 50_000) throw new Error(`campaign not done: ${logs.join("")}`);
        if (kills >= MAX_KILLS) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        await eventually(
          async () => {
            const now = await accepted();
            return now.status === "done" || now.accepted > before.accepted ? true : undefined;
          },
          20_000,
          "progress before the next kill",
        );
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_500));
        if ((await accepted()).status === "done") break;
        worker.kill("SIGKILL");
        kills++;
        const next = startWorkerProcess();
        if (Math.random() < 0.3) {
          // A second worker at the same time: it must wait for the lease, not send.
          const rival = await startWorkerProcess();
          setTimeout(() => rival.kill("SIGKILL"), Math.random() * 2_000);
        }
        worker = await next;
      }
      console.log(`campaign done after ${kills} kills in ${Date.now() - startedAt} ms`);
      worker.kill("SIGTERM");
      expect(kills).toBeGreaterThanOrEqual(3);

      const received = await receivedByChannel(stack.emulatorUrl, channel.lineChannelId);
      const counts = new Map<string, number>();
      for (const message of received)
        counts.set(message.userId, (counts.get(message.userId) ?? 0) + 1);
      const blocked = new Set(blockers);
      const gaps = userIds.filter((u) => !blocked.has(u) && counts.get(u) !== 1);
      expect(gaps, "every friend who follows received exactly one message").toEqual([]);
      expect(
        blockers.filter((u) => counts.has(u)),
        "blockers received nothing",
      ).toEqual([]);
      const textOf = new Map(received.map((m) => [m.userId, m.message.text]));
      for (const [i, userId] of userIds.entries()) {
        if (blocked.has(userId)) continue;
        const name = i % 2 === 0 ? `会員${i}` : "お客様";
        expect(textOf.get(userId)).toBe(`${name}へ、SIGKILL にも負けない配信です`);
      }
      expect(await findCampaign(db, channel.id, campaign.id)).toMatchObject({
        status: "done",
        recipients: FRIENDS,
        accepted: FRIENDS - BLOCKERS,
        failed: 0,
        skipped: { blocked: BLOCKERS, capped: 0, quietHours: 0 },
      });
    }, 60_000);
  },
);
