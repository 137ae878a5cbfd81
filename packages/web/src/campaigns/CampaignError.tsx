import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Campaign } from "./types.ts";

/** Why a campaign was refused before it sent anything (the quota guard). */
export function CampaignError({ error }: { error: NonNullable<Campaign["error"]> }) {
  const { t } = useTranslation("campaigns");
  const detail = error.detail ?? {};
  const text =
    error.code === "quota_exceeded"
      ? t("errors.quota_exceeded", {
          limit: Number(detail.limit ?? 0),
          used: Number(detail.used ?? 0),
          needed: Number(detail.needed ?? 0),
        })
      : error.code === "interrupted_by_upgrade"
        ? t("errors.interrupted_by_upgrade")
        : t("errors.unknown", { code: error.code });
  return (
    <Alert color="red" variant="light" p="xs" data-testid="campaign-error">
      {text}
    </Alert>
  );
}
