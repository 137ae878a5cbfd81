import { Alert, Center, Loader, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useChannels } from "../api/channels.ts";
import { errorMessageKey } from "../api/errors.ts";
import { ChannelSelect } from "./ChannelSelect.tsx";
import { ChannelView } from "./ChannelView.tsx";
import { NoChannels } from "./NoChannels.tsx";
import { pickChannel } from "./pickChannel.ts";

/** Loads the channels and shows the chosen one. */
export function ChannelWorkspace() {
  const { t } = useTranslation();
  const channels = useChannels();
  const [chosenId, setChosenId] = useState<string | null>(null);

  if (!channels.data) {
    return channels.isError ? (
      <Alert color="red" variant="light" title={t("channels.loadFailed")}>
        {t(errorMessageKey(channels.error))}
      </Alert>
    ) : (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }

  const channel = pickChannel(channels.data, chosenId);
  if (!channel) return <NoChannels />;

  return (
    <Stack gap="lg">
      {channels.data.length > 1 && (
        <ChannelSelect channels={channels.data} value={channel.id} onChange={setChosenId} />
      )}
      {/* Keyed so that search, paging and drafts start afresh in another channel. */}
      <ChannelView key={channel.id} channel={channel} />
    </Stack>
  );
}
