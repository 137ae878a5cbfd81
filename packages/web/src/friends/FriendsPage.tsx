import { useCurrentChannel } from "../channels/useCurrentChannel.ts";
import { FriendsPanel } from "./FriendsPanel.tsx";

export function FriendsPage() {
  const channel = useCurrentChannel();
  return <FriendsPanel channelId={channel.id} />;
}
