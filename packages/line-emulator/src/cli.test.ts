import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cli.ts";

describe("parseCliArgs", () => {
  it("defaults to 127.0.0.1:9100 without a data file", () => {
    expect(parseCliArgs([])).toEqual({
      port: 9100,
      host: "127.0.0.1",
      dataFile: undefined,
      help: false,
    });
  });

  it("reads --port, --host and --data-file in both spellings", () => {
    expect(
      parseCliArgs(["--port", "9200", "--host=0.0.0.0", "--data-file", "data/e.json"]),
    ).toEqual({ port: 9200, host: "0.0.0.0", dataFile: "data/e.json", help: false });
  });

  it("rejects a port that is not a number, and unknown options", () => {
    expect(() => parseCliArgs(["--port", "web"])).toThrow(/--port/);
    expect(() => parseCliArgs(["--colour"])).toThrow();
  });
});
