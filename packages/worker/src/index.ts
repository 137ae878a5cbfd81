export {
  DEFAULT_SENDER_OPTIONS,
  type SenderOptions,
  sendBroadcastStep,
} from "./broadcasts/send-broadcasts.ts";
export { type LineClients, lineClients } from "./runtime/line-clients.ts";
export { processWebhookEvents } from "./webhook-events/process-events.ts";
export { startWorker, type Worker, type WorkerDeps } from "./worker.ts";
