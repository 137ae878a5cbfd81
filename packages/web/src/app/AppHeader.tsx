import { Badge, Box, Burger, Button, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useAuthenticatedSession, useLogout } from "../api/session.ts";
import { ChannelSelect } from "../channels/ChannelSelect.tsx";
import { Brand } from "./Brand.tsx";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

export function AppHeader({
  navOpened,
  onToggleNav,
}: {
  navOpened: boolean;
  onToggleNav: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useAuthenticatedSession();
  const logout = useLogout();
  return (
    <Group h="100%" px={{ base: "sm", sm: "lg" }} justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={t(navOpened ? "shell.closeNavigation" : "shell.openNavigation")}
          data-testid="nav-toggle"
        />
        <Brand withTagline />
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Box visibleFrom="sm">
          <ChannelSelect />
        </Box>
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
