import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { useLogin } from "../api/session.ts";
import { AuthLayout } from "./AuthLayout.tsx";
import { hasProblems, type LoginValues, validateLogin } from "./validation.ts";

const empty: LoginValues = { email: "", password: "" };

export function LoginScreen() {
  const { t } = useTranslation("auth");
  const login = useLogin();
  const [values, setValues] = useState(empty);
  const [submitted, setSubmitted] = useState(false);
  const problems = submitted ? validateLogin(values) : {};

  const change = (field: keyof LoginValues) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values, [field]: event.currentTarget.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (hasProblems(validateLogin(values))) return;
    login.mutate({ email: values.email.trim(), password: values.password });
  };

  return (
    <AuthLayout title={t("login.title")} description={t("login.description")}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {login.isError && (
            <Alert color="red" variant="light" role="alert">
              {t(errorMessageKey(login.error))}
            </Alert>
          )}
          <TextInput
            label={t("login.email")}
            type="email"
            autoComplete="username"
            required
            value={values.email}
            onChange={change("email")}
            error={problems.email && t(`validation.${problems.email}`)}
            data-testid="login-email"
          />
          <PasswordInput
            label={t("login.password")}
            autoComplete="current-password"
            required
            value={values.password}
            onChange={change("password")}
            error={problems.password && t(`validation.${problems.password}`)}
            data-testid="login-password"
          />
          <Button
            type="submit"
            fullWidth
            mt="xs"
            loading={login.isPending}
            data-testid="login-submit"
          >
            {t("login.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
