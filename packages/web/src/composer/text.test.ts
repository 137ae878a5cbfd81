import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { insertAt, variableToken } from "./text.ts";

describe("inserting a variable or an emoji", () => {
  it("puts it at the caret and the caret after it", () => {
    expect(insertAt("さん、こんにちは", 0, 0, variableToken("name"))).toEqual({
      text: "{{name}}さん、こんにちは",
      caret: 8,
    });
  });

  it("replaces the selection", () => {
    expect(insertAt("Hello NAME!", 6, 10, "{{name}}")).toEqual({
      text: "Hello {{name}}!",
      caret: 14,
    });
  });

  it("keeps the text around it whatever the positions", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.nat(), fc.string(), (text, a, b, token) => {
        const { text: result, caret } = insertAt(text, a, b, token);
        const start = Math.min(a, text.length);
        expect(result.slice(caret - token.length, caret)).toBe(token);
        expect(result.startsWith(text.slice(0, start))).toBe(true);
        expect(result.length).toBeLessThanOrEqual(text.length + token.length);
      }),
    );
  });
});
