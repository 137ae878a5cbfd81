import { describe, expect, it } from "vitest";
import { otherLanguage, parseLanguage, readStoredLanguage, storeLanguage } from "./language.ts";

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe("language choice", () => {
  it("starts in Japanese when nothing was chosen", () => {
    expect(readStoredLanguage(memoryStorage())).toBe("ja");
    expect(readStoredLanguage(undefined)).toBe("ja");
  });

  it("remembers English once it was chosen", () => {
    const storage = memoryStorage();
    storeLanguage(storage, "en");
    expect(readStoredLanguage(storage)).toBe("en");
  });

  it("ignores a stored value it does not know", () => {
    expect(parseLanguage("fr")).toBe("ja");
  });

  it("still answers when storage throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(readStoredLanguage(broken)).toBe("ja");
    expect(() => storeLanguage(broken, "en")).not.toThrow();
  });

  it("switches between the two languages", () => {
    expect(otherLanguage("ja")).toBe("en");
    expect(otherLanguage("en")).toBe("ja");
  });
});
