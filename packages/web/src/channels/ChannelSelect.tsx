import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Channel } from "../api/types.ts";

export function ChannelSelect({
  channels,
  value,
  onChange,
}: {
  channels: readonly Channel[];
  value: string;
  onChange: (channelId: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t("channels.select")}
      data={channels.map((channel) => ({ value: channel.id, label: channel.name }))}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      maw={360}
      data-testid="channel-select"
    />
  );
}
