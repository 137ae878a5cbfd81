import { Button, Group, NumberInput, Stack, Tabs, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  addVariant,
  MAX_VARIANTS,
  MIN_VARIANTS,
  removeVariant,
  type VariantDraft,
  variantLabel,
  type WeightProblem,
} from "./variants.ts";

/**
 * The variants of an A/B test as tabs A–D, each with its share of the audience; `children` is
 * the active variant's composer.
 */
export function VariantTabs({
  variants,
  active,
  onActive,
  onChange,
  problem,
  children,
}: {
  variants: VariantDraft[];
  active: number;
  onActive: (index: number) => void;
  onChange: (variants: VariantDraft[]) => void;
  problem: WeightProblem | null;
  children: ReactNode;
}) {
  const { t } = useTranslation("campaigns");
  const setWeight = (index: number, weight: number) =>
    onChange(variants.map((v, i) => (i === index ? { ...v, weight } : v)));
  return (
    <Stack gap="sm" data-testid="campaign-variants">
      <Group gap="sm" align="flex-start" wrap="wrap">
        {variants.map((variant, i) => {
          const label = variantLabel(i);
          const invalid =
            problem !== null && problem.code !== "sum" && problem.index === i ? problem : null;
          return (
            <NumberInput
              // biome-ignore lint/suspicious/noArrayIndexKey: a variant is its place (A, B …)
              key={i}
              w={120}
              label={t("ab.weight", { label })}
              suffix="%"
              min={1}
              max={99}
              clampBehavior="none"
              allowDecimal={false}
              value={Number.isNaN(variant.weight) ? "" : variant.weight}
              onChange={(value) => setWeight(i, value === "" ? Number.NaN : Number(value))}
              error={invalid ? t(`ab.errors.${invalid.code}`) : undefined}
              data-testid={`campaign-variant-weight-${label}`}
            />
          );
        })}
      </Group>
      {problem?.code === "sum" && (
        <Text fz="sm" c="red" role="alert" data-testid="campaign-weight-error">
          {t("ab.errors.sum", { sum: problem.sum })}
        </Text>
      )}
      <Tabs value={String(active)} onChange={(value) => onActive(Number(value ?? 0))}>
        <Group justify="space-between" wrap="nowrap">
          <Tabs.List>
            {variants.map((variant, i) => (
              <Tabs.Tab
                // biome-ignore lint/suspicious/noArrayIndexKey: a variant is its place (A, B …)
                key={i}
                value={String(i)}
                data-testid={`campaign-variant-tab-${variantLabel(i)}`}
              >
                {t("ab.tab", {
                  label: variantLabel(i),
                  weight: Number.isNaN(variant.weight) ? "—" : variant.weight,
                })}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Group gap="xs" wrap="nowrap">
            {variants.length > MIN_VARIANTS && (
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => {
                  onChange(removeVariant(variants, active));
                  onActive(Math.max(0, active - 1));
                }}
                data-testid="campaign-variant-remove"
              >
                {t("ab.remove", { label: variantLabel(active) })}
              </Button>
            )}
            <Button
              size="compact-sm"
              variant="light"
              disabled={variants.length >= MAX_VARIANTS}
              onClick={() => {
                onChange(addVariant(variants));
                onActive(variants.length);
              }}
              data-testid="campaign-variant-add"
            >
              {t("ab.add")}
            </Button>
          </Group>
        </Group>
      </Tabs>
      <div data-testid="campaign-variant-panel" data-variant={variantLabel(active)}>
        {children}
      </div>
    </Stack>
  );
}
