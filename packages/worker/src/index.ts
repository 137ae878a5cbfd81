export { runChannelSender, type SenderContext } from "./delivery/channel-sender.ts";
export { type Delivery, startDelivery } from "./delivery/delivery-loop.ts";
export {
  DEFAULT_DELIVERY_OPTIONS,
  type DeliveryOptions,
  deliveryOptions,
} from "./delivery/options.ts";
export {
  DEFAULT_OPENS_READ,
  DEMO_OPENS_READ,
  type OpensJobOptions,
  type OpensReadOptions,
  type OpensReadSummary,
  readCampaignOpens,
} from "./opens/read-opens.ts";
export { type LineClients, lineClients } from "./runtime/line-clients.ts";
export { processWebhookEvents } from "./webhook-events/process-events.ts";
export { startWorker, type Worker, type WorkerDeps } from "./worker.ts";
