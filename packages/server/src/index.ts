export { buildServer } from "./app.ts";
export { connectChannel } from "./channels/connect-channel.ts";
export type { ServerDeps } from "./deps.ts";
