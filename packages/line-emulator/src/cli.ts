import { parseArgs } from "node:util";
import { createEmulator } from "./emulator.ts";

const USAGE = `Usage: kizuna emulator [--port 9100] [--host 127.0.0.1] [--data-file path.json]

Runs the LINE Platform emulator: the Messaging API at the root of the printed URL
(point @line/bot-sdk's baseURL at it) and the control API under /_emulator.`;

export type CliOptions = { port: number; host: string; dataFile?: string; help: boolean };

export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "9100" },
      host: { type: "string", default: "127.0.0.1" },
      "data-file": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number, got ${values.port}`);
  }
  return { port, host: values.host, dataFile: values["data-file"], help: values.help };
}

/** `kizuna emulator`: starts the emulator, prints its URL, and closes cleanly on SIGINT/SIGTERM. */
export async function runEmulatorCli(argv: string[]): Promise<void> {
  const options = parseCliArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const emulator = createEmulator({ dataFile: options.dataFile, logger: false });
  const url = await emulator.listen({ port: options.port, host: options.host });
  console.log(`LINE emulator listening on ${url}`);
  console.log(`  Messaging API: ${url}/v2/bot/…   control API: ${url}/_emulator/channels`);
  if (options.dataFile) console.log(`  state saved to ${options.dataFile}`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
