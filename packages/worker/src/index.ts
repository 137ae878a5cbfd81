export { startWorker, type Worker, type WorkerDeps } from "./worker.ts";
