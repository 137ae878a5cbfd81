import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useChannels } from "../api/channels.ts";
import { useChannelChoice } from "./channelParam.ts";
import { pickChannel } from "./pickChannel.ts";

/** The channel switch, shown only when there is more than one channel to choose. */
export function ChannelSelect({
  inNavbar = false,
  testId = "channel-select",
}: {
  /** Full width with a visible label, for the phone's navbar where the header has no room. */
  inNavbar?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation("channels");
  const channels = useChannels().data ?? [];
  const { chosenId, choose } = useChannelChoice();
  const channel = pickChannel(channels, chosenId);
  if (channels.length < 2 || !channel) return null;
  return (
    <Select
      label={inNavbar ? t("select") : undefined}
      aria-label={t("select")}
      data={channels.map((option) => ({ value: option.id, label: option.name }))}
      value={channel.id}
      onChange={(next) => next && choose(next)}
      allowDeselect={false}
      size="sm"
      w={inNavbar ? "100%" : 240}
      data-testid={testId}
    />
  );
}
