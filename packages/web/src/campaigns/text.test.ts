import { describe, expect, it } from "vitest";
import { insertAt, maxMessageLength, messageTextProblem } from "./text.ts";

describe("messageTextProblem", () => {
  it("refuses an empty or blank message", () => {
    expect(messageTextProblem("")).toEqual({ kind: "empty" });
    expect(messageTextProblem(" \n\t ")).toEqual({ kind: "empty" });
  });

  it("accepts up to 5000 characters and no more", () => {
    expect(messageTextProblem("あ".repeat(maxMessageLength))).toBeNull();
    expect(messageTextProblem("あ".repeat(maxMessageLength + 1))).toEqual({ kind: "tooLong" });
  });

  it("points at a broken placeholder", () => {
    expect(messageTextProblem("こんにちは {{name")).toEqual({
      kind: "template",
      code: "unclosed_placeholder",
      index: 6,
    });
    expect(messageTextProblem("{{name|お客様}}さん")).toBeNull();
  });
});

describe("insertAt", () => {
  it("puts a placeholder at the cursor, or at the end without one", () => {
    expect(insertAt("こんにちはさん", "{{name}}", { start: 5, end: 5 })).toEqual({
      text: "こんにちは{{name}}さん",
      cursor: 13,
    });
    expect(insertAt("やあ", "{{name}}", null)).toEqual({ text: "やあ{{name}}", cursor: 10 });
  });
});
