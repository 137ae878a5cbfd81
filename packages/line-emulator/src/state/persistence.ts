import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseSnapshot, type Snapshot } from "./snapshot.ts";

/** Reads a data file; undefined when it does not exist yet. A corrupt file stops start-up. */
export function loadSnapshotFile(path: string): Snapshot | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`LINE emulator data file ${path} is not valid JSON`, { cause: error });
  }
  const snapshot = parseSnapshot(parsed);
  if (!snapshot) throw new Error(`LINE emulator data file ${path} has an unknown format`);
  return snapshot;
}

export type SnapshotWriter = {
  /** Saves after `debounceMs` of quiet; many changes in a burst make one write. */
  schedule(): void;
  /** Writes now if anything changed, and waits for writes in progress. */
  flush(): Promise<void>;
};

/**
 * Saves snapshots to `path` atomically (write a temp file, then rename over the old one), one
 * write at a time, so a crash never leaves a half-written data file.
 */
export function createSnapshotWriter(
  path: string,
  take: () => Snapshot,
  debounceMs: number,
  onError: (error: unknown) => void,
): SnapshotWriter {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();

  const write = async (): Promise<void> => {
    dirty = false;
    const temp = `${path}.${process.pid}.tmp`;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, JSON.stringify(take()));
    await rename(temp, path);
  };

  const startWrite = (): Promise<void> => {
    writing = writing.then(write).catch(onError);
    return writing;
  };

  return {
    schedule() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void startWrite();
      }, debounceMs);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (dirty) await startWrite();
      else await writing;
    },
  };
}
