export const minPasswordLength = 12;

export type FieldProblem =
  | "emailRequired"
  | "emailInvalid"
  | "passwordRequired"
  | "passwordTooShort"
  | "passwordMismatch";

export interface SetupValues {
  email: string;
  password: string;
  passwordConfirm: string;
}

export type SetupProblems = Partial<Record<keyof SetupValues, FieldProblem>>;

export interface LoginValues {
  email: string;
  password: string;
}

export type LoginProblems = Partial<Record<keyof LoginValues, FieldProblem>>;

// Deliberately loose: the server decides; this only catches typos before a round trip.
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailProblem(email: string): FieldProblem | undefined {
  const trimmed = email.trim();
  if (!trimmed) return "emailRequired";
  if (!emailShape.test(trimmed)) return "emailInvalid";
  return undefined;
}

export function validateSetup(values: SetupValues): SetupProblems {
  const problems: SetupProblems = {};
  const email = emailProblem(values.email);
  if (email) problems.email = email;
  if (!values.password) problems.password = "passwordRequired";
  else if (values.password.length < minPasswordLength) problems.password = "passwordTooShort";
  if (values.passwordConfirm !== values.password) problems.passwordConfirm = "passwordMismatch";
  return problems;
}

export function validateLogin(values: LoginValues): LoginProblems {
  const problems: LoginProblems = {};
  const email = emailProblem(values.email);
  if (email) problems.email = email;
  if (!values.password) problems.password = "passwordRequired";
  return problems;
}

export function hasProblems(problems: object): boolean {
  return Object.keys(problems).length > 0;
}
