import { Card, Group, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A card with a heading, the building block of the friend detail page. */
export function Section({
  title,
  action,
  children,
  testId,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card padding="lg" data-testid={testId}>
      <Group justify="space-between" mb="sm">
        <Title order={4} fz="md">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

/** A label and its value, in the two-column lists of the profile and member cards. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt style={{ color: "var(--mantine-color-dimmed)", fontSize: "var(--mantine-font-size-sm)" }}>
        {label}
      </dt>
      <dd style={{ margin: 0, fontSize: "var(--mantine-font-size-sm)", wordBreak: "break-all" }}>
        {children}
      </dd>
    </>
  );
}

export const factList = {
  display: "grid",
  gridTemplateColumns: "minmax(7em, auto) 1fr",
  gap: "6px 16px",
  margin: 0,
} as const;
