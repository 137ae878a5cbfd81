import { can } from "@kizuna/core/permissions";
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageKey } from "../api/errors.ts";
import { useAuthenticatedSession } from "../api/session.ts";
import { useDeliverySettings, useSaveDeliverySettings } from "./api.ts";
import type { DeliverySettings } from "./types.ts";

/** The channel's plan, monthly limit, frequency cap and quiet hours. */
export function DeliverySettingsCard({ channelId }: { channelId: string }) {
  const { t } = useTranslation("campaigns");
  const settings = useDeliverySettings(channelId);
  const mayEdit = can(useAuthenticatedSession().user.role, "delivery_settings:manage");
  return (
    <Card data-testid="delivery-settings">
      <Stack gap="sm">
        <Title order={3} fz="h4">
          {t("settings.title")}
        </Title>
        <Text fz="sm" c="dimmed">
          {t("settings.description")}
        </Text>
        {settings.data ? (
          <SettingsForm channelId={channelId} initial={settings.data} mayEdit={mayEdit} />
        ) : settings.isError ? (
          <Alert color="red" variant="light">
            {t(errorMessageKey(settings.error))}
          </Alert>
        ) : (
          <Skeleton h={160} />
        )}
      </Stack>
    </Card>
  );
}

function SettingsForm({
  channelId,
  initial,
  mayEdit,
}: {
  channelId: string;
  initial: DeliverySettings;
  mayEdit: boolean;
}) {
  const { t } = useTranslation("campaigns");
  const save = useSaveDeliverySettings(channelId);
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(initial), [initial]);
  const update = (next: Partial<DeliverySettings>) => {
    setDraft((current) => ({ ...current, ...next }));
    setSaved(false);
  };
  const plans = (["communication", "light", "standard", "custom"] as const)
    .filter((plan) => plan !== "custom" || draft.plan === "custom")
    .map((plan) => ({ value: plan, label: t(`settings.plans.${plan}`) }));

  return (
    <Stack gap="sm">
      <Select
        label={t("settings.plan")}
        data={plans}
        value={draft.plan}
        allowDeselect={false}
        disabled={!mayEdit}
        onChange={(plan) => plan && update({ plan: plan as DeliverySettings["plan"] })}
        data-testid="settings-plan"
      />
      <NumberInput
        label={t("settings.monthlyLimit")}
        description={t("settings.monthlyLimitHint")}
        min={0}
        thousandSeparator=","
        value={draft.monthlyLimit ?? ""}
        disabled={!mayEdit}
        onChange={(value) => update({ monthlyLimit: typeof value === "number" ? value : null })}
        data-testid="settings-monthly-limit"
      />
      <Switch
        label={t("settings.cap")}
        checked={draft.frequencyCap !== null}
        disabled={!mayEdit}
        onChange={(event) =>
          update({
            frequencyCap: event.currentTarget.checked ? { count: 2, periodHours: 24 * 7 } : null,
          })
        }
        data-testid="settings-cap"
      />
      {draft.frequencyCap && (
        <Group grow>
          <NumberInput
            label={t("settings.capCount")}
            min={1}
            max={1000}
            value={draft.frequencyCap.count}
            disabled={!mayEdit}
            onChange={(value) =>
              draft.frequencyCap &&
              update({ frequencyCap: { ...draft.frequencyCap, count: Number(value) || 1 } })
            }
          />
          <NumberInput
            label={t("settings.capHours")}
            min={1}
            max={24 * 92}
            value={draft.frequencyCap.periodHours}
            disabled={!mayEdit}
            onChange={(value) =>
              draft.frequencyCap &&
              update({ frequencyCap: { ...draft.frequencyCap, periodHours: Number(value) || 1 } })
            }
          />
        </Group>
      )}
      <Switch
        label={t("settings.quiet")}
        checked={draft.quietHours !== null}
        disabled={!mayEdit}
        onChange={(event) =>
          update({
            quietHours: event.currentTarget.checked
              ? { start: "21:00", end: "09:00", mode: "hold" }
              : null,
          })
        }
        data-testid="settings-quiet"
      />
      {draft.quietHours && (
        <Stack gap="xs">
          <Group grow>
            <TextInput
              type="time"
              label={t("settings.quietStart")}
              value={draft.quietHours.start}
              disabled={!mayEdit}
              onChange={(event) =>
                draft.quietHours &&
                update({ quietHours: { ...draft.quietHours, start: event.currentTarget.value } })
              }
            />
            <TextInput
              type="time"
              label={t("settings.quietEnd")}
              value={draft.quietHours.end}
              disabled={!mayEdit}
              onChange={(event) =>
                draft.quietHours &&
                update({ quietHours: { ...draft.quietHours, end: event.currentTarget.value } })
              }
            />
          </Group>
          <Text fz="sm" fw={500}>
            {t("settings.quietMode")}
          </Text>
          <SegmentedControl
            size="xs"
            value={draft.quietHours.mode}
            disabled={!mayEdit}
            onChange={(mode) =>
              draft.quietHours &&
              update({ quietHours: { ...draft.quietHours, mode: mode as "hold" | "skip" } })
            }
            data={[
              { value: "hold", label: t("settings.quietModes.hold") },
              { value: "skip", label: t("settings.quietModes.skip") },
            ]}
          />
        </Stack>
      )}
      {save.error && (
        <Alert color="red" variant="light">
          {t(errorMessageKey(save.error))}
        </Alert>
      )}
      {saved && (
        <Text fz="sm" c="line.7">
          {t("settings.saved")}
        </Text>
      )}
      {mayEdit ? (
        <Group justify="flex-end">
          <Button
            onClick={() => save.mutate(draft, { onSuccess: () => setSaved(true) })}
            loading={save.isPending}
            data-testid="settings-save"
          >
            {t("settings.save")}
          </Button>
        </Group>
      ) : (
        <Text fz="xs" c="dimmed">
          {t("settings.readOnly")}
        </Text>
      )}
    </Stack>
  );
}
