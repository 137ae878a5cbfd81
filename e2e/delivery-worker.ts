/**
 * Just the delivery part of a Kizuna worker, in a process of its own, for tests and
 * benchmarks that kill it (SIGKILL) in the middle of a campaign.
 *
 *   DATABASE_URL=postgres://… KIZUNA_SECRET_KEY=<base64> KIZUNA_DELIVERY='{"leaseMs":1000}' \
 *     node e2e/delivery-worker.ts
 *
 * Prints "ready" once it looks for work; SIGTERM stops it gracefully.
 */
import { createSecretBox } from "@kizuna/core";
import { CAMPAIGN_NOTIFY_CHANNEL, openDatabase } from "@kizuna/db";
import { deliveryOptions, lineClients, startDelivery } from "@kizuna/worker";
import { pino } from "pino";

const url = process.env.DATABASE_URL;
const key = process.env.KIZUNA_SECRET_KEY;
if (!url || !key) throw new Error("set DATABASE_URL and KIZUNA_SECRET_KEY");

const database = await openDatabase({ url, maxConnections: 5 });
const secretBox = createSecretBox(Buffer.from(key, "base64"));
const log = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
const delivery = startDelivery({
  db: database.db,
  clients: lineClients(database.db, secretBox),
  log,
  holder: `delivery-worker-${process.pid}`,
  options: deliveryOptions(JSON.parse(process.env.KIZUNA_DELIVERY ?? "{}")),
});
const unlisten = await database.listen(CAMPAIGN_NOTIFY_CHANNEL, () => delivery.wake());
process.stdout.write("ready\n");

process.once("SIGTERM", () => {
  void (async () => {
    await unlisten();
    await delivery.stop();
    await database.close();
    process.exit(0);
  })();
});
