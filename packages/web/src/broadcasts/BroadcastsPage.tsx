import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { BroadcastPanel } from "./BroadcastPanel.tsx";

export function BroadcastsPage() {
  const channel = useCurrentChannel();
  return <BroadcastPanel channelId={channel.id} recipients={channel.validFriends} />;
}
