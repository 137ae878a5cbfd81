import { AppShell, Container } from "@mantine/core";
import { ChannelWorkspace } from "../channels/ChannelWorkspace.tsx";
import { AppHeader } from "./AppHeader.tsx";

export function MainShell() {
  return (
    <AppShell header={{ height: 60 }} padding={0}>
      <AppShell.Header>
        <AppHeader />
      </AppShell.Header>
      <AppShell.Main bg="gray.0" mih="100dvh">
        <Container size="xl" py="lg" px={{ base: "sm", sm: "lg" }}>
          <ChannelWorkspace />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
