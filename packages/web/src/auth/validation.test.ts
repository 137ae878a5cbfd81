import { describe, expect, it } from "vitest";
import { hasProblems, validateLogin, validateSetup } from "./validation.ts";

const good = {
  email: "owner@example.com",
  password: "correct horse battery",
  passwordConfirm: "correct horse battery",
};

describe("validateSetup", () => {
  it("accepts an e-mail and a long enough, confirmed password", () => {
    expect(hasProblems(validateSetup(good))).toBe(false);
  });

  it("asks for an e-mail and rejects one without a domain", () => {
    expect(validateSetup({ ...good, email: " " }).email).toBe("emailRequired");
    expect(validateSetup({ ...good, email: "owner@example" }).email).toBe("emailInvalid");
  });

  it("rejects a password shorter than 12 characters", () => {
    const short = "elevenchars";
    expect(validateSetup({ ...good, password: short, passwordConfirm: short }).password).toBe(
      "passwordTooShort",
    );
    const twelve = "twelve chars";
    expect(validateSetup({ ...good, password: twelve, passwordConfirm: twelve }).password).toBe(
      undefined,
    );
  });

  it("notices a confirmation that differs from the password", () => {
    expect(validateSetup({ ...good, passwordConfirm: "correct horse battery!" })).toEqual({
      passwordConfirm: "passwordMismatch",
    });
  });
});

describe("validateLogin", () => {
  it("needs both fields but does not judge the password's length", () => {
    expect(validateLogin({ email: "", password: "" })).toEqual({
      email: "emailRequired",
      password: "passwordRequired",
    });
    expect(hasProblems(validateLogin({ email: "a@b.jp", password: "short" }))).toBe(false);
  });
});
