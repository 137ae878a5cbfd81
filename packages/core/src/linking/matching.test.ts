import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseMatch,
  type MatchCandidate,
  matchPolicy,
  mayAttemptMatch,
  parseMatchAnswer,
  phoneSpellings,
  readBirthdayAnswer,
  readEmailAnswer,
  readMemberNumberAnswer,
  readPhoneAnswer,
} from "./matching.ts";

const toFullWidth = (text: string) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const mobile = fc
  .tuple(fc.constantFrom("070", "080", "090"), fc.stringMatching(/^\d{8}$/))
  .map(([a, b]) => a + b);

describe("normalising answers", () => {
  it("reads the same phone number however it is written", () => {
    fc.assert(
      fc.property(mobile, (digits) => {
        const hyphenated = `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
        for (const spelling of [
          digits,
          hyphenated,
          toFullWidth(hyphenated),
          hyphenated.replaceAll("-", "ー"),
          `+81 ${digits.slice(1, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`,
          ` ${digits.slice(0, 3)}(${digits.slice(3, 7)})${digits.slice(7)} `,
        ])
          expect(readPhoneAnswer(spelling)).toBe(digits);
        for (const stored of phoneSpellings(digits)) expect(readPhoneAnswer(stored)).toBe(digits);
      }),
    );
  });

  it("is idempotent for every kind of answer", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        for (const normalize of [readPhoneAnswer, readEmailAnswer, readMemberNumberAnswer]) {
          const once = normalize(text);
          if (once !== null) expect(normalize(once)).toBe(once);
        }
      }),
    );
  });

  it("folds the width and case of e-mail addresses", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        fc.pre(email.length <= 254);
        expect(readEmailAnswer(toFullWidth(email.toUpperCase()))).toBe(email.toLowerCase());
      }),
    );
    expect(readEmailAnswer("not an address")).toBeNull();
  });

  it("folds full-width member numbers but keeps their letters and hyphens", () => {
    expect(readMemberNumberAnswer("　ＡＢ－００１２ ")).toBe("AB-0012");
    expect(readMemberNumberAnswer("   ")).toBeNull();
  });

  it("reads birthdays in the usual Japanese spellings and refuses days that do not exist", () => {
    const today = new Date("2026-01-01T00:00:00Z");
    for (const text of ["1990-04-01", "1990/4/1", "19900401", "1990年4月1日", "１９９０/０４/０１"])
      expect(readBirthdayAnswer(text, today)).toBe("1990-04-01");
    for (const text of ["1990-02-30", "2030-01-01", "1890-01-01", "April 1", "1990-4"])
      expect(readBirthdayAnswer(text, today)).toBeNull();
  });

  it("reads phone numbers as member imports store them, and refuses what is no number", () => {
    expect(readPhoneAnswer("+1 415 555 0100")).toBe("+14155550100");
    for (const text of ["12345", "090-1234-567a", "0901234567890"])
      expect(readPhoneAnswer(text)).toBeNull();
  });
});

describe("the matching policy", () => {
  const member: MatchCandidate = {
    id: "m1",
    externalId: "M-0001",
    email: "Hanako@Example.jp",
    phone: "090-1234-5678",
    birthday: "1990-04-01",
  };
  const byBirthday = matchPolicy("birthday");

  function answer(identifierKind: string, identifier: string, secondFactor: string) {
    const check = parseMatchAnswer({ identifierKind, identifier, secondFactor }, byBirthday);
    if (!check.ok) throw new Error(check.code);
    return check.answer;
  }

  it("links a member whose identifier and birthday both fit", () => {
    expect(chooseMatch([member], answer("member_number", "Ｍ－０００１", "1990/4/1"))).toBe("m1");
    expect(chooseMatch([member], answer("email", "hanako@example.jp", "19900401"))).toBe("m1");
    expect(chooseMatch([member], answer("phone", "09012345678", "1990年4月1日"))).toBe("m1");
  });

  it("links nobody on a right member number with a wrong birthday", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2020-12-31"), noInvalidDate: true }),
        (day) => {
          const birthday = day.toISOString().slice(0, 10);
          fc.pre(birthday !== member.birthday);
          expect(chooseMatch([member], answer("member_number", "M-0001", birthday))).toBeNull();
        },
      ),
    );
  });

  it("links nobody when two members fit the same answers", () => {
    const twin = { ...member, id: "m2", externalId: "M-0002" };
    expect(
      chooseMatch([member, twin], answer("email", "hanako@example.jp", "1990-04-01")),
    ).toBeNull();
  });

  it("never offers the second factor as the identifier", () => {
    const byPhone = matchPolicy("phone");
    expect(byPhone.identifiers).toEqual(["member_number", "email"]);
    expect(
      parseMatchAnswer(
        { identifierKind: "phone", identifier: "09012345678", secondFactor: "09012345678" },
        byPhone,
      ),
    ).toEqual({ ok: false, code: "invalid_identifier" });
  });

  it("reports which answer could not be read", () => {
    expect(
      parseMatchAnswer(
        { identifierKind: "email", identifier: "nope", secondFactor: "1990-04-01" },
        byBirthday,
      ),
    ).toEqual({ ok: false, code: "invalid_identifier" });
    expect(
      parseMatchAnswer(
        { identifierKind: "email", identifier: "a@b.jp", secondFactor: "someday" },
        byBirthday,
      ),
    ).toEqual({ ok: false, code: "invalid_second_factor" });
  });

  it("allows five failed answers per friend and ten per identifier", () => {
    expect([0, 4, 5, 6].map((failures) => mayAttemptMatch(failures))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([0, 9, 10].map((failures) => mayAttemptMatch(0, failures))).toEqual([true, true, false]);
  });
});
