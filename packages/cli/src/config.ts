import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isSecondFactorKind, type SecondFactorKind } from "@kizuna/core";

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  publicUrl: string;
  secretKey: Buffer;
  logLevel: string;
  line:
    | {
        mode: "real";
        channelId: string;
        channelSecret: string;
        channelAccessToken: string;
        apiBaseUrl?: string;
        /** LINE_LOGIN_CHANNEL_ID / _SECRET: the LINE Login channel of the same provider. */
        loginChannelId?: string;
        loginChannelSecret?: string;
      }
    | { mode: "emulator"; port: number };
  linking: {
    verifyUrl?: string;
    verifyToken?: string;
    matchSecondFactor?: SecondFactorKind;
  };
}

class ConfigError extends Error {}

/** Reads configuration from the environment; every variable is in the README. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.KIZUNA_DATA_DIR ?? "data");
  const port = portOf(env.PORT ?? "3000", "PORT");
  const host = env.HOST ?? "127.0.0.1";
  const publicUrl = env.PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  const channelId = env.LINE_CHANNEL_ID;
  const channelSecret = env.LINE_CHANNEL_SECRET;
  const channelAccessToken = env.LINE_CHANNEL_ACCESS_TOKEN;
  const given = [channelId, channelSecret, channelAccessToken].filter(Boolean).length;
  if (given !== 0 && given !== 3) {
    throw new ConfigError(
      "Set all of LINE_CHANNEL_ID, LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or none.",
    );
  }
  const loginChannelId = env.LINE_LOGIN_CHANNEL_ID;
  const loginChannelSecret = env.LINE_LOGIN_CHANNEL_SECRET;
  if (Boolean(loginChannelId) !== Boolean(loginChannelSecret))
    throw new ConfigError(
      "Set both LINE_LOGIN_CHANNEL_ID and LINE_LOGIN_CHANNEL_SECRET, or neither.",
    );
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    host,
    port,
    publicUrl,
    secretKey: secretKey(env.KIZUNA_SECRET_KEY, dataDir),
    logLevel: env.LOG_LEVEL ?? "warn",
    line:
      channelId && channelSecret && channelAccessToken
        ? {
            mode: "real",
            channelId,
            channelSecret,
            channelAccessToken,
            ...(env.LINE_API_BASE_URL ? { apiBaseUrl: env.LINE_API_BASE_URL } : {}),
            ...(loginChannelId && loginChannelSecret ? { loginChannelId, loginChannelSecret } : {}),
          }
        : {
            mode: "emulator",
            port: portOf(env.EMULATOR_PORT ?? String(port + 100), "EMULATOR_PORT"),
          },
    linking: linkingConfig(env),
  };
}

/** ID linking: the company's credential check for the hosted sign-in page, the match form's second factor. */
function linkingConfig(env: NodeJS.ProcessEnv): Config["linking"] {
  const linking: Config["linking"] = {};
  if (env.LINK_VERIFY_URL) {
    if (!/^https?:\/\//.test(env.LINK_VERIFY_URL) || !URL.canParse(env.LINK_VERIFY_URL))
      throw new ConfigError("LINK_VERIFY_URL must be an http(s) URL.");
    linking.verifyUrl = env.LINK_VERIFY_URL;
  }
  if (env.LINK_VERIFY_TOKEN) linking.verifyToken = env.LINK_VERIFY_TOKEN;
  const factor = env.LINK_MATCH_SECOND_FACTOR;
  if (factor) {
    if (!isSecondFactorKind(factor))
      throw new ConfigError("LINK_MATCH_SECOND_FACTOR must be birthday, phone or email.");
    linking.matchSecondFactor = factor;
  }
  return linking;
}

function portOf(text: string, name: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`${name} must be a port number.`);
  return port;
}

/**
 * The key that encrypts secrets at rest: KIZUNA_SECRET_KEY (32 bytes, base64), or one
 * generated once into the data directory for a zero-configuration start.
 */
function secretKey(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) {
    const key = Buffer.from(fromEnv, "base64");
    if (key.length !== 32) throw new ConfigError("KIZUNA_SECRET_KEY must be 32 bytes in base64.");
    return key;
  }
  const file = join(dataDir, "secret.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
}

export { ConfigError };
