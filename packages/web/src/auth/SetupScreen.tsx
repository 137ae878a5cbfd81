import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.ts";
import { errorMessageKey } from "../api/errors.ts";
import { queryKeys } from "../api/keys.ts";
import { useSetup } from "../api/session.ts";
import { AuthLayout } from "./AuthLayout.tsx";
import { hasProblems, minPasswordLength, type SetupValues, validateSetup } from "./validation.ts";

const empty: SetupValues = { email: "", password: "", passwordConfirm: "" };

/** First visit: create the owner account. */
export function SetupScreen() {
  const { t } = useTranslation("auth");
  const queryClient = useQueryClient();
  const setup = useSetup();
  const [values, setValues] = useState(empty);
  // Field messages appear after the first submit, then follow every keystroke.
  const [submitted, setSubmitted] = useState(false);
  const problems = submitted ? validateSetup(values) : {};

  const ownerExists = setup.error instanceof ApiError && setup.error.status === 409;

  const change = (field: keyof SetupValues) => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values, [field]: event.currentTarget.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (hasProblems(validateSetup(values))) return;
    setup.mutate({ email: values.email.trim(), password: values.password });
  };

  const problemText = (problem: (typeof problems)[keyof SetupValues]) =>
    problem && t(`validation.${problem}`, { min: minPasswordLength });

  return (
    <AuthLayout title={t("setup.title")} description={t("setup.description")}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {setup.isError && (
            <Alert color="red" variant="light" role="alert">
              {ownerExists ? t("setup.ownerExists") : t(errorMessageKey(setup.error))}
              {ownerExists && (
                <Button
                  variant="subtle"
                  size="compact-sm"
                  ml="xs"
                  onClick={() =>
                    void queryClient.invalidateQueries({ queryKey: queryKeys.session })
                  }
                >
                  {t("setup.goToLogin")}
                </Button>
              )}
            </Alert>
          )}
          <TextInput
            label={t("setup.email")}
            type="email"
            autoComplete="username"
            required
            value={values.email}
            onChange={change("email")}
            error={problemText(problems.email)}
            data-testid="setup-email"
          />
          <PasswordInput
            label={t("setup.password")}
            description={t("setup.passwordHint", { min: minPasswordLength })}
            autoComplete="new-password"
            required
            value={values.password}
            onChange={change("password")}
            error={problemText(problems.password)}
            data-testid="setup-password"
          />
          <PasswordInput
            label={t("setup.passwordConfirm")}
            autoComplete="new-password"
            required
            value={values.passwordConfirm}
            onChange={change("passwordConfirm")}
            error={problemText(problems.passwordConfirm)}
            data-testid="setup-password-confirm"
          />
          <Button
            type="submit"
            fullWidth
            mt="xs"
            loading={setup.isPending}
            data-testid="setup-submit"
          >
            {t("setup.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
