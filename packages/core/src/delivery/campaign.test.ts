import { describe, expect, it } from "vitest";
import { campaignCreateSchema, campaignMessageSets } from "./campaign.ts";

const text = (t: string) => [{ type: "text", text: t }];

function issues(body: unknown) {
  const parsed = campaignCreateSchema.safeParse(body);
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
}

describe("a campaign's variants", () => {
  it("accepts 2–4 variants whose integer weights add up to 100", () => {
    const parsed = campaignCreateSchema.parse({
      variants: [
        { messages: text("A"), weight: 30 },
        { messages: text("B"), weight: 70 },
      ],
    });
    expect(campaignMessageSets(parsed)).toEqual([
      { variant: 0, path: ["variants", 0, "messages"], messages: text("A") },
      { variant: 1, path: ["variants", 1, "messages"], messages: text("B") },
    ]);
    expect(
      issues({
        variants: [25, 25, 25, 25].map((weight, i) => ({ messages: text(`${i}`), weight })),
      }),
    ).toEqual([]);
    expect(campaignMessageSets(campaignCreateSchema.parse({ messages: text("x") }))).toEqual([
      { variant: null, path: ["messages"], messages: text("x") },
    ]);
  });

  it("refuses weights that do not add up to 100, with the total", () => {
    expect(
      issues({
        variants: [
          { messages: text("A"), weight: 30 },
          { messages: text("B"), weight: 60 },
        ],
      }),
    ).toEqual([
      { path: ["variants"], message: "The variants' weights must add up to 100, not 90." },
    ]);
  });

  it("refuses one variant, five, a weight out of 1–99 or not whole, and a broken template, each where it is", () => {
    expect(issues({ variants: [{ messages: text("A"), weight: 100 }] }).map((i) => i.path)).toEqual(
      [["variants", 0, "weight"], ["variants"]],
    );
    expect(
      issues({ variants: [1, 2, 3, 4, 5].map(() => ({ messages: text("x"), weight: 20 })) }).map(
        (i) => i.path,
      ),
    ).toEqual([["variants"]]);
    expect(
      issues({
        variants: [
          { messages: text("A"), weight: 50.5 },
          { messages: text("B"), weight: 0 },
        ],
      }).map((i) => i.path),
    ).toEqual([
      ["variants", 0, "weight"],
      ["variants", 1, "weight"],
    ]);
    expect(
      issues({
        variants: [
          { messages: text("A"), weight: 50 },
          {
            messages: [
              { type: "text", text: "ok" },
              { type: "text", text: "{{name" },
            ],
            weight: 50,
          },
        ],
      }).map((i) => i.path),
    ).toEqual([["variants", 1, "messages", 1, "text"]]);
    expect(
      issues({ variants: [{ messages: [], weight: 50 }, { weight: 50 }] }).map((i) => i.path),
    ).toEqual([
      ["variants", 0, "messages"],
      ["variants", 1, "messages"],
    ]);
  });

  it("takes exactly one of messages and variants", () => {
    expect(issues({})).toEqual([
      { path: ["messages"], message: "Give the messages to send, or variants of them." },
    ]);
    expect(
      issues({
        messages: text("x"),
        variants: [
          { messages: text("A"), weight: 50 },
          { messages: text("B"), weight: 50 },
        ],
      }),
    ).toEqual([{ path: ["variants"], message: "Give either messages or variants, not both." }]);
  });
});
