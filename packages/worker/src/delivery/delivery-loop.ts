import { acquireSenderLease, channelsToSend, type DB } from "@kizuna/db";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { LineClients } from "../runtime/line-clients.ts";
import { type Loop, startLoop } from "../runtime/loop.ts";
import { runChannelSender } from "./channel-sender.ts";
import type { DeliveryOptions } from "./options.ts";

export interface Delivery {
  /** Looks for work now (a campaign was queued) rather than at the next poll. */
  wake(): void;
  /** Lets the senders finish what is under way, then releases their leases. */
  stop(): Promise<void>;
}

/**
 * Finds channels with campaigns to send whose sender lease is free (or expired: its
 * holder died) and runs their senders, one per channel, in this worker.
 */
export function startDelivery(deps: {
  db: Kysely<DB>;
  clients: LineClients;
  log: Logger;
  holder: string;
  options: DeliveryOptions;
  linkingKey?: Buffer | undefined;
}): Delivery {
  const senders = new Map<string, Promise<void>>();
  let stopping = false;
  let loop: Loop | undefined;
  const context = { ...deps, stopping: () => stopping };

  loop = startLoop(
    "delivery",
    async () => {
      for (const channelId of await channelsToSend(deps.db, deps.holder)) {
        if (stopping || senders.has(channelId)) continue;
        if (!(await acquireSenderLease(deps.db, channelId, deps.holder, deps.options.leaseMs))) {
          continue;
        }
        deps.log.info({ channelId }, "became the channel's sender");
        const sender = runChannelSender(context, channelId)
          .catch((error: unknown) =>
            deps.log.error({ err: error, channelId }, "channel sender failed; will start again"),
          )
          .finally(() => {
            senders.delete(channelId);
            loop?.wake();
          });
        senders.set(channelId, sender);
      }
      return false;
    },
    deps.options.pollMs,
    deps.log,
  );

  return {
    wake: () => loop?.wake(),
    async stop() {
      stopping = true;
      await loop?.stop();
      await Promise.all(senders.values());
    },
  };
}
