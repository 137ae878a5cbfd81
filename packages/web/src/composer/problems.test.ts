import type { PlacedProblem } from "@kizuna/core/messages";
import { describe, expect, it } from "vitest";
import ja from "../i18n/locales/ja/composer.json" with { type: "json" };
import { asJsonProblems, describeProblem, problemsByField, problemsWithin } from "./problems.ts";

const problem = (field: string, message = "May not be empty"): PlacedProblem => ({
  field,
  message,
  property: "",
});

describe("the server's problems in the composer", () => {
  it("groups them by field", () => {
    const label = problem("1.template.actions.1.label");
    const text = problem("0.text");
    const again = problem("1.template.actions.1.label", "Length must be between 0 and 20");
    expect(problemsByField([label, text, again])).toEqual(
      new Map([
        ["1.template.actions.1.label", [label, again]],
        ["0.text", [text]],
      ]),
    );
  });

  it("counts those on a field and below it, not on its neighbours", () => {
    const problems = [
      problem("1.template.actions.1.label"),
      problem("1.altText"),
      problem("10.text"),
      problem("1"),
    ];
    expect(problemsWithin(problems, "1")).toBe(3);
    expect(problemsWithin(problems, "1.template")).toBe(1);
  });

  it("moves a message's problems onto its JSON editor when it is edited as JSON", () => {
    const label = {
      ...problem("1.template.actions.0"),
      property: "messages[1].template.actions[0].altUri.desktop",
      at: "altUri.desktop",
    };
    const moved = asJsonProblems([label, problem("0.text"), problem("1")], 1);
    expect(moved.map((p) => [p.field, p.at])).toEqual([
      ["1.json", "template.actions[0].altUri.desktop"],
      ["0.text", undefined],
      ["1.json", undefined],
    ]);
  });
});

describe("LINE's rules in the marketer's words", () => {
  it.each([
    ["May not be empty", { key: "empty" }],
    ["Length must be between 0 and 20", { key: "tooLong", values: { max: 20 } }],
    ["Size must be between 1 and 4", { key: "countBetween", values: { min: 1, max: 4 } }],
    ["Must be an HTTPS URL", { key: "https" }],
    ["The URI scheme must be http, https, line or tel", { key: "uriScheme" }],
    [
      "Must be one of the following values: [rectangle, square]",
      { key: "oneOf", values: { values: "rectangle・square" } },
    ],
    ["Must be between -90 and 90", { key: "between", values: { min: "-90", max: "90" } }],
    ["Must have the same number of actions in every column", { key: "sameActionCount" }],
    ["A camera action can only be used in quick reply buttons", { key: "quickReplyOnly" }],
    [
      "Must be yyyy-MM-dd between 1900-01-01 and 2100-12-31",
      {
        key: "pickerFormat",
        values: { format: "yyyy-MM-dd", min: "1900-01-01", max: "2100-12-31" },
      },
    ],
    [
      "The property, 'messages[0].text', in the request body is invalid (line: -, column: -)",
      { key: "unreadable" },
    ],
  ])("says %j as a sentence of its own", (message, expected) => {
    expect(describeProblem({ message })).toEqual(expected);
  });

  it("names personalisation problems by their code", () => {
    expect(describeProblem({ message: "Unknown variable", code: "unknown_variable" })).toEqual({
      key: "unknown_variable",
    });
  });

  it("shows LINE's own words for a rule it has no sentence for", () => {
    expect(describeProblem({ message: "At most 20 mentions" })).toEqual({
      raw: "At most 20 mentions",
    });
  });

  it("has a Japanese sentence for every key it gives", () => {
    const messages = [
      "May not be empty",
      "Length must be between 0 and 20",
      "Length must be between 2 and 20",
      "Size must be between 1 and 4",
      "Size must be at least 1",
      "Must be one of the following values: [a]",
      "Must be an HTTPS URL",
      "Must be a valid URL",
      "The URI scheme must be http, https, line or tel",
      "Must be between 1 and 2",
      "Must be 0 or more",
      "Must be 9 or less",
      "Must have the same number of actions in every column",
      "Must be set in every column or in none",
      "A camera action can only be used in quick reply buttons",
      "A richmenuswitch action can only be used in rich menus",
      "Cannot be used together with displayText",
      "Must be HH:mm between 00:00 and 23:59",
      "JSON must be at most 30 KB",
      "A video can only be the hero of a bubble",
      "Must be the index of a $ character in text",
      "The property, 'x', in the request body is invalid",
      "Invalid value",
    ];
    const codes = [
      "unknown_variable",
      "unclosed_placeholder",
      "empty_placeholder",
      "unknown_custom_field",
    ];
    const keys = [
      ...messages.map((message) => describeProblem({ message })),
      ...codes.map((code) => describeProblem({ message: "", code })),
    ].map((text) => ("key" in text ? text.key : `raw: ${text.raw}`));
    expect(keys.filter((key) => !(key in ja.problems))).toEqual([]);
    expect(new Set(keys)).toEqual(new Set(Object.keys(ja.problems)));
  });
});
