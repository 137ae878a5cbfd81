import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json" with { type: "json" };
import ja from "./ja.json" with { type: "json" };
import {
  defaultLanguage,
  type Language,
  parseLanguage,
  readStoredLanguage,
  storeLanguage,
} from "./language.ts";

// Japanese is the reference language: every key the UI uses must exist in ja.json.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof ja };
  }
}

export const resources = {
  ja: { translation: ja },
  en: { translation: en },
} as const;

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function initI18n(): typeof i18next {
  const language = readStoredLanguage(browserStorage());
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultLanguage,
    // React already escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
    // Some words exist in one language only (the counter "人" has no English twin).
    returnEmptyString: true,
  });
  document.documentElement.lang = language;
  i18next.on("languageChanged", (next) => {
    document.documentElement.lang = parseLanguage(next);
  });
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  storeLanguage(browserStorage(), language);
  await i18next.changeLanguage(language);
}
