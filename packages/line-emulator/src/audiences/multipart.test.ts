import { describe, expect, it } from "vitest";
import { parseMultipart, textField } from "./multipart.ts";

describe("parseMultipart", () => {
  it("reads the fields and the file of a FormData body, as fetch encodes it", async () => {
    const form = new FormData();
    form.append("description", "春のキャンペーン");
    form.append("isIfaAudience", "undefined");
    form.append("file", new Blob(["Uaaa\nUbbb\n"], { type: "text/plain" }), "ids.txt");
    const request = new Request("http://x/", { method: "POST", body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const parts = parseMultipart(body, request.headers.get("content-type")!)!;
    expect(textField(parts, "description")).toBe("春のキャンペーン");
    expect(textField(parts, "isIfaAudience")).toBeUndefined();
    expect(parts.get("file")).toMatchObject({ filename: "ids.txt", contentType: "text/plain" });
    expect(parts.get("file")!.data.toString()).toBe("Uaaa\nUbbb\n");
  });

  it("refuses a body without its boundary", () => {
    expect(
      parseMultipart(Buffer.from("nothing"), "multipart/form-data; boundary=x"),
    ).toBeUndefined();
    expect(parseMultipart(Buffer.from("--x--"), "multipart/form-data")).toBeUndefined();
  });
});
