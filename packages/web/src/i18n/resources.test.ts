import { describe, expect, it } from "vitest";
import { namespaces, resources } from "./resources.ts";

const { ja, en } = resources;

/** Every leaf key, with plural suffixes folded: English needs _one/_other where Japanese does not. */
function keysOf(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix + key.replace(/_(zero|one|two|few|many|other)$/, "");
    return typeof value === "object" && value !== null ? keysOf(value, `${path}.`) : [path];
  });
}

function placeholdersOf(tree: object, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix + key.replace(/_(zero|one|two|few|many|other)$/, "");
    if (typeof value === "object" && value !== null) {
      for (const [k, v] of placeholdersOf(value, `${path}.`)) found.set(k, v);
    } else {
      const names = [...String(value).matchAll(/\{\{(\w+)[^}]*\}\}|<(\w+)>/g)].map(
        (m) => m[1] ?? m[2],
      );
      found.set(path, [...new Set(names)].sort().join(","));
    }
  }
  return found;
}

describe("translations", () => {
  it("have the same namespaces in Japanese and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  describe.each(namespaces)("in the %s namespace", (namespace) => {
    it("have the same keys in Japanese and English", () => {
      expect(new Set(keysOf(en[namespace]))).toEqual(new Set(keysOf(ja[namespace])));
    });

    it("use the same placeholders in both languages", () => {
      expect(placeholdersOf(en[namespace])).toEqual(placeholdersOf(ja[namespace]));
    });

    it("leave no Japanese text empty", () => {
      const leaves = (tree: object): unknown[] =>
        Object.values(tree).flatMap((v) => (typeof v === "object" && v !== null ? leaves(v) : [v]));
      expect(leaves(ja[namespace]).filter((text) => text === "")).toEqual([]);
    });
  });
});
