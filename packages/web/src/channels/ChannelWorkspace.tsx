import { Alert, Center, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { useChannels } from "../api/channels.ts";
import { errorMessageKey } from "../api/errors.ts";
import { useChannelStream } from "../api/stream.ts";
import type { Channel } from "../api/types.ts";
import { useChannelChoice } from "./channelParam.ts";
import { NoChannels } from "./NoChannels.tsx";
import { pickChannel } from "./pickChannel.ts";
import { CurrentChannelContext } from "./useCurrentChannel.ts";

/** The layout of every channel page: loads the channels and provides the chosen one. */
export function ChannelWorkspace() {
  const { t } = useTranslation("channels");
  const channels = useChannels();
  const { chosenId } = useChannelChoice();

  if (!channels.data) {
    return channels.isError ? (
      <Alert color="red" variant="light" title={t("loadFailed")}>
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
  // Keyed so that search, paging and drafts start afresh in another channel.
  return <ChannelScope key={channel.id} channel={channel} />;
}

function ChannelScope({ channel }: { channel: Channel }) {
  useChannelStream(channel.id);
  return (
    <CurrentChannelContext value={channel}>
      <Outlet />
    </CurrentChannelContext>
  );
}
