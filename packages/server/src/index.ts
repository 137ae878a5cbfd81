export { buildServer } from "./app.ts";
export { connectChannel } from "./channels/connect-channel.ts";
export type { ServerDeps } from "./deps.ts";
export {
  DEMO_MEMBER_PREFIX,
  DEMO_PASSWORD,
  DEMO_VERIFY_PATH,
} from "./linking/demo-verify.ts";
