import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import {
  defaultLanguage,
  type Language,
  parseLanguage,
  readStoredLanguage,
  storeLanguage,
} from "./language.ts";
import { fallbackNamespace, namespaces, resources, type Translations } from "./resources.ts";

// Japanese is the reference language: every key the UI uses must exist in locales/ja/.
// How to add a namespace: see resources.ts.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    fallbackNS: "common";
    resources: Translations;
  }
}

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
    ns: namespaces,
    defaultNS: fallbackNamespace,
    fallbackNS: fallbackNamespace,
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
