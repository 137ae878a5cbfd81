import { useCallback } from "react";
import { type To, useSearchParams } from "react-router";

// The chosen channel lives in the URL (`/friends?channel=…`) so that a link or a reload
// opens the same channel; without the parameter the first channel is shown.
export const channelParam = "channel";

/** The channel id the URL asks for, and a way to choose another one. */
export function useChannelChoice(): {
  chosenId: string | null;
  choose: (channelId: string) => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const choose = useCallback(
    (channelId: string) =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        next.set(channelParam, channelId);
        return next;
      }),
    [setSearchParams],
  );
  return { chosenId: searchParams.get(channelParam), choose };
}

/** A link target for another page that stays on the chosen channel. */
export function channelLink(pathname: string, chosenId: string | null): To {
  return chosenId === null
    ? { pathname }
    : { pathname, search: `?${new URLSearchParams({ [channelParam]: chosenId })}` };
}

/** `channelLink` for the channel the current URL is on: `<Link to={toPage("/friends")}>`. */
export function useChannelLink(): (pathname: string) => To {
  const { chosenId } = useChannelChoice();
  return useCallback((pathname: string) => channelLink(pathname, chosenId), [chosenId]);
}
