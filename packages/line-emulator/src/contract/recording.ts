import type { FastifyReply, FastifyRequest } from "fastify";
import { createEmulator, type EmulatorOptions } from "../emulator.ts";
import { controlClient, type Running } from "../testing/harness.ts";
import {
  findOperation,
  type SpecFile,
  validateParameters,
  validateRequest,
  validateResponse,
} from "./openapi.ts";

// Contract tests: an emulator that records every request and response on the wire, and a check
// of each recorded exchange against LINE's OpenAPI documents. Drive it with the official
// @line/bot-sdk clients, then `expect(contractProblems(exchanges)).toEqual([])`.

export type Exchange = {
  method: string;
  /** Path and query as requested. */
  url: string;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  requestBody: unknown;
  status: number;
  /** Parsed when JSON; the raw payload otherwise. */
  responseBody: unknown;
};

export type RecordingEmulator = Running & { exchanges: Exchange[] };

/** Like testing/harness.ts's startEmulator, recording each exchange (control API excluded). */
export async function startRecordingEmulator(
  options: EmulatorOptions = {},
): Promise<RecordingEmulator> {
  const emulator = createEmulator(options);
  const exchanges: Exchange[] = [];
  const requests = new WeakMap<FastifyRequest, Omit<Exchange, "status" | "responseBody">>();
  const remember = async (request: FastifyRequest) => {
    if (request.url.startsWith("/_emulator/") || requests.has(request)) return;
    requests.set(request, {
      method: request.method,
      url: request.url,
      query: { ...(request.query as Record<string, unknown>) },
      headers: { ...request.headers },
      requestBody: request.body,
    });
  };
  // preHandler sees parsed bodies; onError-path requests (401, 429 …) never reach it, so
  // onSend fills in what onRequest saw.
  emulator.app.addHook("preHandler", remember);
  emulator.app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (request.url.startsWith("/_emulator/")) return payload;
    await remember(request);
    const seen = requests.get(request)!;
    const type = String(reply.getHeader("content-type") ?? "");
    exchanges.push({
      ...seen,
      status: reply.statusCode,
      responseBody:
        type.includes("json") && typeof payload === "string" && payload !== ""
          ? JSON.parse(payload)
          : payload,
    });
    return payload;
  });
  const baseURL = await emulator.listen({ port: 0 });
  return {
    emulator,
    baseURL,
    control: controlClient(baseURL),
    exchanges,
    close: () => emulator.close(),
  };
}

/**
 * What about an exchange breaks the contract: request body, parameters and response body
 * checked against the first of `files` that has a matching operation. [] when it holds.
 */
export function contractProblems(
  exchange: Exchange,
  files: SpecFile[] = ["messaging-api.yml"],
): string[] {
  const where = `${exchange.method} ${exchange.url} → ${exchange.status}`;
  for (const file of files) {
    const operation = findOperation(file, exchange.method, exchange.url);
    if (!operation) continue;
    const { operationId } = operation;
    const problems: string[] = [];
    // A body that could not be parsed never reaches the handler; there is nothing to check.
    if (exchange.status !== 415) {
      const request = validateRequest(file, operationId, exchange.requestBody);
      if (!request.ok) problems.push(...request.errors.map((e) => `request ${e}`));
    }
    const parameters = validateParameters(file, operationId, {
      query: exchange.query,
      headers: exchange.headers,
      path: pathParameters(operation.path, exchange.url),
    });
    if (!parameters.ok) problems.push(...parameters.errors.map((e) => `parameter ${e}`));
    const response = validateResponse(file, operationId, exchange.status, exchange.responseBody);
    if (!response.ok) problems.push(...response.errors.map((e) => `response ${e}`));
    return problems.map((problem) => `${where} (${operationId}): ${problem}`);
  }
  return [`${where}: no operation in ${files.join(", ")}`];
}

/** `{richMenuId: "richmenu-…"}` from a template such as `/v2/bot/richmenu/{richMenuId}`. */
function pathParameters(template: string, url: string): Record<string, string> {
  const actual = url.split("?")[0]!.split("/");
  const values: Record<string, string> = {};
  template.split("/").forEach((part, i) => {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name) values[name] = decodeURIComponent(actual[i] ?? "");
  });
  return values;
}

/** The operationIds the recorded exchanges exercised. */
export function exercisedOperations(
  exchanges: Exchange[],
  files: SpecFile[] = ["messaging-api.yml"],
): Set<string> {
  const ids = new Set<string>();
  for (const exchange of exchanges) {
    for (const file of files) {
      const operation = findOperation(file, exchange.method, exchange.url);
      if (operation) {
        ids.add(operation.operationId);
        break;
      }
    }
  }
  return ids;
}
