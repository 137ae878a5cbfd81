import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useAuthenticatedSession, useLogout } from "../api/session.ts";
import { Brand } from "./Brand.tsx";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

export function AppHeader() {
  const { t } = useTranslation();
  const { user } = useAuthenticatedSession();
  const logout = useLogout();
  return (
    <Group h="100%" px={{ base: "sm", sm: "lg" }} justify="space-between" wrap="nowrap">
      <Brand withTagline />
      <Group gap="sm" wrap="nowrap">
        <LanguageSwitch />
        <Stack gap={0} align="flex-end" visibleFrom="sm">
          <Text fz="xs" c="dimmed" lh={1.3}>
            {t("header.signedInAs")}
          </Text>
          <Group gap={6} wrap="nowrap">
            <Text fz="sm" fw={500} lh={1.3} data-testid="signed-in-email">
              {user.email}
            </Text>
            <Badge size="xs" variant="light" color="gray">
              {t(`header.role.${user.role}`)}
            </Badge>
          </Group>
        </Stack>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          loading={logout.isPending}
          onClick={() => logout.mutate()}
          title={user.email}
          data-testid="sign-out"
        >
          {t("header.signOut")}
        </Button>
      </Group>
    </Group>
  );
}
