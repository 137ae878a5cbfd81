import { useTranslation } from "react-i18next";
import { type Language, parseLanguage } from "./language.ts";

/** The language the UI is shown in; re-renders the caller when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return parseLanguage(i18n.resolvedLanguage ?? i18n.language);
}
