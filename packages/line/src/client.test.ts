import { describe, expect, it } from "vitest";
import { lineErrorDetails } from "./client.ts";

describe("a refused request's details", () => {
  it("keep an entry that names no property, so the refusal is not read as recipients only", () => {
    const body = JSON.stringify({
      message: "The request body has 2 error(s)",
      details: [
        { message: "Must be a valid user ID", property: "to[1]" },
        { message: "Too many messages" },
      ],
    });
    expect(lineErrorDetails(body)).toEqual([
      { message: "Must be a valid user ID", property: "to[1]" },
      { message: "Too many messages", property: "" },
    ]);
  });

  it("are absent when LINE sends none or the body is not JSON", () => {
    expect(lineErrorDetails(JSON.stringify({ message: "Invalid reply token" }))).toBeUndefined();
    expect(lineErrorDetails("<html>Bad Gateway</html>")).toBeUndefined();
  });
});
