import { Box, NavLink, ScrollArea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useMatch } from "react-router";
import { ChannelSelect } from "../channels/ChannelSelect.tsx";
import { useChannelLink } from "../channels/channelParam.ts";
import { namespaces } from "../i18n/resources.ts";
import type { NavEntry } from "./feature.ts";
import { navEntries } from "./routes.tsx";

/** The features' pages, from the registry in routes.tsx. */
export function AppNavbar({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  return (
    <ScrollArea component="nav" aria-label={t("shell.navigation")} p="sm" h="100%">
      {/* On a phone the header has no room for the channel switch; it heads the menu instead. */}
      <Box hiddenFrom="sm" mb="sm">
        <ChannelSelect inNavbar testId="channel-select-navbar" />
      </Box>
      {navEntries.map((entry) => (
        <NavItem key={entry.id} entry={entry} onNavigate={onNavigate} />
      ))}
    </ScrollArea>
  );
}

function NavItem({ entry, onNavigate }: { entry: NavEntry; onNavigate: () => void }) {
  const { t } = useTranslation(namespaces);
  const toPage = useChannelLink();
  const active = useMatch({ path: entry.path, end: entry.path === "/" }) !== null;
  const Icon = entry.icon;
  return (
    <NavLink
      component={Link}
      to={toPage(entry.path)}
      label={t(entry.label)}
      leftSection={<Icon size={20} />}
      active={active}
      aria-current={active ? "page" : undefined}
      onClick={onNavigate}
      variant="light"
      fw={500}
      mb={4}
      style={{ borderRadius: "var(--mantine-radius-md)" }}
      data-testid={`nav-${entry.id}`}
    />
  );
}
