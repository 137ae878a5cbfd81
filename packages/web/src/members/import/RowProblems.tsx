import { List, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFieldLabel } from "../fieldLabel.ts";
import type { RowProblem } from "../types.ts";

/** A refused row's errors in words: "メールアドレスがメールアドレスの形式ではありません". */
export function RowProblems({ errors }: { errors: readonly RowProblem[] }) {
  const { t } = useTranslation("members");
  const label = useFieldLabel();
  if (errors.length === 1) {
    const [error] = errors;
    return (
      <Text c="red.8" fz="sm">
        {t(`rowErrors.${error!.code}`, { field: label(error!.field) })}
      </Text>
    );
  }
  return (
    <List size="sm" c="red.8" spacing={2}>
      {errors.map((error) => (
        <List.Item key={`${error.field}:${error.code}`}>
          {t(`rowErrors.${error.code}`, { field: label(error.field) })}
        </List.Item>
      ))}
    </List>
  );
}
