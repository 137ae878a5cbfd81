import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileMessages, isPersonalised, renderMessages } from "./messages.ts";
import {
  escapeTemplateText,
  parseTemplate,
  renderTemplate,
  type Template,
  type TemplateValues,
  type TemplateVariable,
  templateVariables,
  variableKey,
} from "./template.ts";

const nobody: TemplateValues = { name: null, member: null, fields: {} };

function values(overrides: Partial<TemplateValues>): TemplateValues {
  return { ...nobody, ...overrides };
}

function render(source: string, with_: TemplateValues = nobody): string {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return renderTemplate(parsed.template, with_);
}

describe("a message template", () => {
  it("greets a friend by their LINE name", () => {
    expect(render("{{name}}さん、こんにちは", values({ name: "山田 太郎" }))).toBe(
      "山田 太郎さん、こんにちは",
    );
  });

  it("uses the default when the friend has no name", () => {
    expect(render("{{name|お客様}}へ", nobody)).toBe("お客様へ");
    expect(render("{{ name | お客様 }}へ", values({ name: "" }))).toBe("お客様へ");
  });

  it("reads the linked member's name and points, with thousands separators", () => {
    const member = values({ member: { name: "佐藤 花子", points: 12345 } });
    expect(render("{{member.name}}様 残り{{member.points}}pt", member)).toBe(
      "佐藤 花子様 残り12,345pt",
    );
    expect(render("{{member.points|0}}pt", nobody)).toBe("0pt");
  });

  it("reads custom fields by key", () => {
    expect(render("{{field.shop}}店でお待ちしています", values({ fields: { shop: "渋谷" } }))).toBe(
      "渋谷店でお待ちしています",
    );
    expect(render("[{{field.shop}}]", nobody)).toBe("[]");
  });

  it("writes a literal {{ when it is escaped", () => {
    expect(render("\\{{name}} は {{name}}", values({ name: "花子" }))).toBe("{{name}} は 花子");
    expect(render("C:\\dir と }} はそのまま")).toBe("C:\\dir と }} はそのまま");
  });

  it("refuses an unclosed placeholder, an empty one and an unknown variable", () => {
    expect(parseTemplate("こんにちは {{name")).toMatchObject({
      ok: false,
      error: { code: "unclosed_placeholder", index: 6 },
    });
    expect(parseTemplate("{{ }}")).toMatchObject({
      ok: false,
      error: { code: "empty_placeholder" },
    });
    expect(parseTemplate("{{member.email}}")).toMatchObject({
      ok: false,
      error: { code: "unknown_variable" },
    });
    expect(parseTemplate("{{field.Bad-Key}}")).toMatchObject({
      ok: false,
      error: { code: "unknown_variable" },
    });
  });

  it("signs a login link for a linked friend and gives the others the page itself", () => {
    const source = "マイページ {{login_url:https://shop.example.com/mypage}}";
    const signed = values({ loginUrl: (target) => `${target}?kizuna_token=abc` });
    expect(render(source, signed)).toBe(
      "マイページ https://shop.example.com/mypage?kizuna_token=abc",
    );
    expect(render(source, nobody)).toBe("マイページ https://shop.example.com/mypage");
    expect(render("{{login_url:https://a.example/x|https://a.example/join}}", nobody)).toBe(
      "https://a.example/join",
    );
  });

  it("refuses a login link that names no web page", () => {
    for (const source of [
      "{{login_url:}}",
      "{{login_url:mailto:a@b.c}}",
      "{{login_url:/mypage}}",
    ]) {
      const parsed = parseTemplate(source);
      expect(parsed.ok ? null : parsed.error.code).toBe("unknown_variable");
    }
  });

  it("lists each variable once", () => {
    const parsed = parseTemplate("{{name}} {{name|x}} {{field.a}} {{member.points}}");
    if (!parsed.ok) throw new Error("parse");
    expect(templateVariables(parsed.template)).toEqual([
      { kind: "name" },
      { kind: "field", key: "a" },
      { kind: "member", key: "points" },
    ]);
  });
});

describe("campaign messages", () => {
  it("renders text messages and leaves other types alone", () => {
    const sticker = { type: "sticker", packageId: "446", stickerId: "1988" };
    const compiled = compileMessages([{ type: "text", text: "{{name|お客様}}へ" }, sticker]);
    if (!compiled.ok) throw new Error("compile");
    expect(isPersonalised(compiled.compiled)).toBe(true);
    expect(renderMessages(compiled.compiled, values({ name: "花子" }))).toEqual({
      ok: true,
      messages: [{ type: "text", text: "花子へ" }, sticker],
    });
  });

  it("says which message holds a broken placeholder", () => {
    const compiled = compileMessages([
      { type: "text", text: "ok" },
      { type: "text", text: "{{nope}}" },
    ]);
    expect(compiled).toMatchObject({ ok: false, error: { messageIndex: 1 } });
  });

  it("gives no message to a friend whose values would leave it empty or too long", () => {
    const compiled = compileMessages([{ type: "text", text: "{{field.memo}}" }]);
    if (!compiled.ok) throw new Error("compile");
    expect(renderMessages(compiled.compiled, nobody)).toEqual({
      ok: false,
      problem: "empty_text",
      messageIndex: 0,
    });
    expect(
      renderMessages(compiled.compiled, values({ fields: { memo: "あ".repeat(5001) } })),
    ).toMatchObject({ ok: false, problem: "text_too_long" });
  });

  it("is one payload for everyone without placeholders", () => {
    const compiled = compileMessages([{ type: "text", text: "週末セール \\{{限定}}" }]);
    if (!compiled.ok) throw new Error("compile");
    expect(isPersonalised(compiled.compiled)).toBe(false);
  });
});

// Property tests: a model of templates built from parts, checked against the parser and renderer.

const fieldKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const variable: fc.Arbitrary<TemplateVariable> = fc.oneof(
  fc.constant<TemplateVariable>({ kind: "name" }),
  fc.constantFrom<TemplateVariable>(
    { kind: "member", key: "name" },
    { kind: "member", key: "points" },
  ),
  fieldKey.map<TemplateVariable>((key) => ({ kind: "field", key })),
  fc.constantFrom<TemplateVariable>(
    { kind: "login_url", target: "https://shop.example.com/mypage" },
    { kind: "login_url", target: "http://127.0.0.1:8080/a?b=c" },
  ),
);
// Defaults cannot hold "}}" and are trimmed; anything else goes.
const fallback = fc
  .option(fc.string({ maxLength: 8 }), { nil: null })
  .map((text) => (text === null ? null : text.replaceAll("}", "").trim()));
const part = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => ({ type: "text" as const, text })),
  fc.record({ type: fc.constant("variable" as const), variable, fallback }),
);
const someValues: fc.Arbitrary<TemplateValues> = fc.record({
  name: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
  member: fc.option(
    fc.record({
      name: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
      points: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    }),
    { nil: null },
  ),
  fields: fc.dictionary(fieldKey, fc.option(fc.string({ maxLength: 8 }), { nil: null })),
  loginUrl: fc.option(
    fc.string({ maxLength: 8 }).map((token) => (target: string) => `${target}#${token}`),
    { nil: null },
  ),
});

type ModelPart = { type: "text"; text: string } | TemplatePartOfModel;
type TemplatePartOfModel = {
  type: "variable";
  variable: TemplateVariable;
  fallback: string | null;
};

function sourceOf(parts: ModelPart[]): string {
  return parts
    .map((p) => {
      if (p.type === "text") return escapeTemplateText(p.text);
      const path = variableKey(p.variable);
      return p.fallback === null ? `{{${path}}}` : `{{${path}|${p.fallback}}}`;
    })
    .join("");
}

function expected(parts: ModelPart[], v: TemplateValues): string {
  const template: Template = { parts };
  return renderTemplate(template, v);
}

describe("templates, for any text and values", () => {
  it("never throw while parsing", () => {
    fc.assert(
      fc.property(fc.string(), (source) => {
        const result = parseTemplate(source);
        expect(typeof result.ok).toBe("boolean");
      }),
    );
  });

  it("render escaped text as itself, whatever the values", () => {
    fc.assert(
      fc.property(fc.string(), someValues, (text, v) => {
        expect(render(escapeTemplateText(text), v)).toBe(text);
      }),
    );
  });

  it("render each part as the model says: text verbatim, a value or else its default", () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), someValues, (parts, v) => {
        // A text part ending in a backslash or a brace would merge with the next part's {{
        // (`\{{` is an escape, `{{{` a brace and a placeholder): the model keeps them apart.
        const safe = parts.map((p) =>
          p.type === "text" ? { ...p, text: p.text.replace(/[\\{]+$/, "") } : p,
        );
        expect(render(sourceOf(safe), v)).toBe(expected(safe, v));
      }),
    );
  });

  it("use the default exactly when the value is missing or empty", () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ maxLength: 6 }), { nil: null }),
        fc
          .string({ minLength: 1, maxLength: 6 })
          .filter((s) => !s.includes("}") && s.trim() !== ""),
        (name, fallbackText) => {
          const out = render(`{{name|${fallbackText}}}`, values({ name }));
          expect(out).toBe(name ? name : fallbackText.trim());
        },
      ),
    );
  });

  it("render without placeholders identically for every friend", () => {
    fc.assert(
      fc.property(fc.string(), someValues, someValues, (text, a, b) => {
        const source = escapeTemplateText(text);
        expect(render(source, a)).toBe(render(source, b));
      }),
    );
  });
});
