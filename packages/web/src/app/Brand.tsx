import { Group, Text, ThemeIcon } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** The product mark: 絆 ("bond") in LINE green, then the name. */
export function Brand({ withTagline = false }: { withTagline?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={32} radius="md" aria-hidden="true">
        <Text component="span" fw={700} fz="md" lh={1} lang="ja">
          絆
        </Text>
      </ThemeIcon>
      <Text fw={700} fz="lg">
        {t("app.name")}
      </Text>
      {withTagline && (
        <Text c="dimmed" fz="sm" visibleFrom="sm">
          {t("app.tagline")}
        </Text>
      )}
    </Group>
  );
}
