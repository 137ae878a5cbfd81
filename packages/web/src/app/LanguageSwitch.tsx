import { Button } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { changeLanguage } from "../i18n/index.ts";
import { otherLanguage } from "../i18n/language.ts";
import { useLanguage } from "../i18n/useLanguage.ts";

/** One button that offers the other language, labelled in that language. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const target = otherLanguage(useLanguage());
  return (
    <Button
      variant="default"
      size="compact-sm"
      radius="xl"
      data-testid="language-switch"
      title={t("language.switchLabel")}
      lang={target}
      onClick={() => void changeLanguage(target)}
    >
      {t("language.switchTo")}
    </Button>
  );
}
