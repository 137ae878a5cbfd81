import { useTranslation } from "react-i18next";
import { useMemberAttributes } from "./api.ts";

const MEMBER_FIELD_KEYS = [
  "externalId",
  "email",
  "phone",
  "name",
  "birthday",
  "gender",
  "prefecture",
  "rank",
  "points",
  "row",
] as const;
type FieldKey = (typeof MEMBER_FIELD_KEYS)[number];

/** A field's label: `email` → メールアドレス, `attributes.store` → the attribute's label. */
export function useFieldLabel(): (field: string) => string {
  const { t } = useTranslation("members");
  const attributes = useMemberAttributes();
  return (field) => {
    if (field.startsWith("attributes.")) {
      const key = field.slice("attributes.".length);
      return attributes.data?.find((a) => a.key === key)?.label ?? key;
    }
    return (MEMBER_FIELD_KEYS as readonly string[]).includes(field)
      ? t(`fields.${field as FieldKey}`)
      : field;
  };
}
