export const languages = ["ja", "en"] as const;
export type Language = (typeof languages)[number];

export const defaultLanguage: Language = "ja";
const storageKey = "kizuna.language";

export function parseLanguage(value: string | null | undefined): Language {
  return languages.find((language) => language === value) ?? defaultLanguage;
}

export function otherLanguage(language: Language): Language {
  return language === "ja" ? "en" : "ja";
}

type LanguageStorage = Pick<Storage, "getItem" | "setItem">;

// Storage can be missing or throw (private browsing, blocked cookies); the UI must still work.
export function readStoredLanguage(storage: LanguageStorage | undefined): Language {
  try {
    return parseLanguage(storage?.getItem(storageKey));
  } catch {
    return defaultLanguage;
  }
}

export function storeLanguage(storage: LanguageStorage | undefined, language: Language): void {
  try {
    storage?.setItem(storageKey, language);
  } catch {
    // Not remembering the choice is acceptable; the switch still applies to this visit.
  }
}
