import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  normalizeEmail,
  normalizePhone,
  parseBoolean,
  parseDay,
  parseGender,
  parsePoints,
  parsePrefecture,
} from "./normalize.ts";

const value = <T>(parsed: { ok: true; value: T } | { ok: false; code: string }) =>
  parsed.ok ? parsed.value : `!${parsed.code}`;

/** ０-９ for 0-9: what a Japanese keyboard in full-width mode types. */
const fullWidth = (text: string) =>
  text.replace(/[0-9+\-()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("phone numbers", () => {
  it.each([
    ["090-1234-5678", "09012345678"],
    ["09012345678", "09012345678"],
    ["+81 90-1234-5678", "09012345678"],
    ["+81(0)90-1234-5678", "09012345678"],
    ["+819012345678", "09012345678"],
    ["０９０－１２３４－５６７８", "09012345678"],
    ["090ー1234ー5678", "09012345678"],
    ["(03) 1234-5678", "0312345678"],
    ["03.1234.5678", "0312345678"],
    ["0120-123-456", "0120123456"],
    ["0800-123-4567", "08001234567"],
    ["050 1234 5678", "05012345678"],
    ["+1 415 555 0100", "+14155550100"],
  ])("reads %s as %s", (written, stored) => {
    expect(value(normalizePhone(written))).toBe(stored);
  });

  it.each([
    "",
    "090-1234-567",
    "090-1234-56789",
    "03-1234-56789",
    "1234567890",
    "090-1234-abcd",
    "call me",
    "+0123",
  ])("refuses %j", (written) => {
    expect(value(normalizePhone(written))).toBe("!invalid_phone");
  });

  it("reads every way of writing a mobile number as the same digits", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("070", "080", "090"),
        fc.stringMatching(/^\d{4}$/),
        fc.stringMatching(/^\d{4}$/),
        fc.constantFrom("-", " ", "", "ー", "‐"),
        fc.boolean(),
        fc.boolean(),
        (prefix, middle, last, separator, international, wide) => {
          const domestic = `${prefix}${middle}${last}`;
          const head = international ? `+81 ${prefix.slice(1)}` : prefix;
          const written = `${head}${separator}${middle}${separator}${last}`;
          expect(value(normalizePhone(wide ? fullWidth(written) : written))).toBe(domestic);
        },
      ),
    );
  });

  it("is idempotent: a stored number reads as itself", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (written) => {
        const once = normalizePhone(written);
        if (once.ok) expect(value(normalizePhone(once.value))).toBe(once.value);
      }),
    );
  });
});

describe("e-mail addresses", () => {
  it("lower-cases and trims, folding full-width characters", () => {
    expect(value(normalizeEmail("  Taro.Yamada@Example.JP "))).toBe("taro.yamada@example.jp");
    expect(value(normalizeEmail("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"))).toBe("taro@example.jp");
  });

  it("accepts the dotted local parts Japanese carriers issued", () => {
    expect(value(normalizeEmail("taro..yamada@docomo.ne.jp"))).toBe("taro..yamada@docomo.ne.jp");
    expect(value(normalizeEmail("taro.@ezweb.ne.jp"))).toBe("taro.@ezweb.ne.jp");
  });

  it.each(["taro", "taro@", "@example.jp", "taro@example", "ta ro@example.jp", "a@b@c.jp"])(
    "refuses %j",
    (written) => {
      expect(value(normalizeEmail(written))).toBe("!invalid_email");
    },
  );
});

describe("dates", () => {
  it.each([
    ["1990-04-01", "1990-04-01"],
    ["1990/4/1", "1990-04-01"],
    ["1990.04.01", "1990-04-01"],
    ["19900401", "1990-04-01"],
    ["1990年4月1日", "1990-04-01"],
    ["１９９０／４／１", "1990-04-01"],
    ["平成2年4月1日", "1990-04-01"],
    ["平成元年1月8日", "1989-01-08"],
    ["昭和60年12月31日", "1985-12-31"],
    ["H2.4.1", "1990-04-01"],
    ["S60/12/31", "1985-12-31"],
    ["1990/4/1 0:00", "1990-04-01"],
    ["1990-04-01T00:00:00Z", "1990-04-01"],
  ])("reads %s as %s", (written, day) => {
    expect(value(parseDay(written))).toBe(day);
  });

  it.each(["1990-02-30", "1990-13-01", "90/4/1", "April 1st", "2023-02-29"])(
    "refuses %j",
    (written) => {
      expect(value(parseDay(written))).toBe("!invalid_date");
    },
  );

  it("refuses days outside the bounds", () => {
    expect(value(parseDay("2100-01-01", "1900-01-01", "2026-01-01"))).toBe("!date_out_of_range");
    expect(value(parseDay("1899-12-31", "1900-01-01", "2026-01-01"))).toBe("!date_out_of_range");
  });

  it("reads back every calendar day it writes", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }),
        (date) => {
          const day = date.toISOString().slice(0, 10);
          expect(value(parseDay(day))).toBe(day);
          expect(value(parseDay(day.replaceAll("-", "/")))).toBe(day);
        },
      ),
    );
  });
});

describe("gender, prefecture, points, booleans", () => {
  it("reads gender in Japanese, English and ISO 5218 codes", () => {
    expect(["女性", "女", "F", "female", "2"].map((g) => value(parseGender(g)))).toEqual(
      Array(5).fill("female"),
    );
    expect(["男性", "男", "M", "Male", "1"].map((g) => value(parseGender(g)))).toEqual(
      Array(5).fill("male"),
    );
    expect(value(parseGender("不明"))).toBe("unknown");
    expect(value(parseGender("x"))).toBe("!invalid_gender");
  });

  it("reads prefectures by name, short name, romaji and JIS code", () => {
    for (const written of ["東京都", "東京", "Tokyo", "tokyo-to", "13", "１３"]) {
      expect(value(parsePrefecture(written))).toBe("東京都");
    }
    expect(value(parsePrefecture("北海道"))).toBe("北海道");
    expect(value(parsePrefecture("01"))).toBe("北海道");
    expect(value(parsePrefecture("大阪"))).toBe("大阪府");
    expect(value(parsePrefecture("48"))).toBe("!invalid_prefecture");
    expect(value(parsePrefecture("東"))).toBe("!invalid_prefecture");
  });

  it("reads points with separators and full-width digits, and refuses the rest", () => {
    expect(value(parsePoints("1,200"))).toBe(1200);
    expect(value(parsePoints("１２００"))).toBe(1200);
    expect(value(parsePoints("12.5"))).toBe("!invalid_integer");
    expect(value(parsePoints("-1"))).toBe("!out_of_range");
    expect(value(parsePoints("2147483648"))).toBe("!out_of_range");
  });

  it("reads yes and no as Japanese forms write them", () => {
    expect(["はい", "有", "○", "true", "1"].map((b) => value(parseBoolean(b)))).toEqual(
      Array(5).fill(true),
    );
    expect(["いいえ", "無", "×", "false", "0"].map((b) => value(parseBoolean(b)))).toEqual(
      Array(5).fill(false),
    );
  });
});
