import { createContext, useContext } from "react";
import type { Channel } from "../api/types.ts";

export const CurrentChannelContext = createContext<Channel | null>(null);

/**
 * The LINE Official Account the admin is working in. Every page under a feature's
 * `channelRoutes` has one (the workspace shows "no channels" instead of such pages);
 * it is kept fresh by the channel list query and the channel's event stream.
 */
export function useCurrentChannel(): Channel {
  const channel = useContext(CurrentChannelContext);
  if (!channel) throw new Error("useCurrentChannel is only for pages in a feature's channelRoutes");
  return channel;
}
