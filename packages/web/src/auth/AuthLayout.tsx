import { Box, Card, Center, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Brand } from "../app/Brand.tsx";
import { LanguageSwitch } from "../app/LanguageSwitch.tsx";

/** The calm, centred frame of the screens shown before sign-in. */
export function AuthLayout({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Box mih="100dvh" bg="gray.0">
      <Group justify="space-between" p="md">
        <Brand />
        <LanguageSwitch />
      </Group>
      <Center px="md" pb="xl" pt={{ base: "md", sm: 60 }}>
        <Card w="100%" maw={440} shadow="sm" padding="xl">
          <Stack gap="lg">
            <Stack gap={6}>
              <Title order={2} fz="h3">
                {title}
              </Title>
              <Text c="dimmed" fz="sm">
                {description}
              </Text>
            </Stack>
            {children}
          </Stack>
        </Card>
      </Center>
    </Box>
  );
}
