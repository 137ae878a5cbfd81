import type { FieldId, PlacedProblem } from "@kizuna/core/messages";
import { Text } from "@mantine/core";
import { createContext, type ReactNode, useCallback, useContext, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { describeProblem, problemsByField } from "./problems.ts";

// The server's problems, reachable from every input of the composer by its field id.

const ProblemsContext = createContext<Map<FieldId, PlacedProblem[]>>(new Map());

export function ProblemsProvider({
  problems,
  children,
}: {
  problems: readonly PlacedProblem[];
  children: ReactNode;
}) {
  const byField = useMemo(() => problemsByField(problems), [problems]);
  return <ProblemsContext.Provider value={byField}>{children}</ProblemsContext.Provider>;
}

/** The marketer's sentence for one problem, with where inside the field when it says. */
export function useProblemText(): (problem: PlacedProblem) => string {
  const { t } = useTranslation("composer");
  return useCallback(
    (problem) => {
      const text = describeProblem(problem);
      const sentence = "raw" in text ? text.raw : t(`problems.${text.key}`, text.values ?? {});
      return problem.at ? `${sentence}（${problem.at}）` : sentence;
    },
    [t],
  );
}

/** `errorOf(field)`: the field's problems as one line, or undefined: a Mantine input's `error`. */
export function useFieldErrors(): (field: FieldId) => string | undefined {
  const byField = useContext(ProblemsContext);
  const describe = useProblemText();
  return useCallback(
    (field) => {
      const found = byField.get(field);
      return found ? found.map(describe).join(" / ") : undefined;
    },
    [byField, describe],
  );
}

/** Props that put a field's problem under a Mantine input and name it for tests. */
export function useFieldProps(): (field: FieldId) => {
  error: string | undefined;
  "data-field": FieldId;
  errorProps: Record<string, string>;
} {
  const errorOf = useFieldErrors();
  return useCallback(
    (field) => ({
      error: errorOf(field),
      "data-field": field,
      errorProps: { "data-error-for": field },
    }),
    [errorOf],
  );
}

/** Problems of something that is not one input (a list of actions, a whole message). */
export function FieldProblems({ field }: { field: FieldId }) {
  const error = useFieldErrors()(field);
  if (!error) return null;
  return (
    <Text c="red" fz="sm" data-error-for={field} role="alert">
      {error}
    </Text>
  );
}
