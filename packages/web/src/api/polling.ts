// Server-Sent Events make changes appear at once; this slow poll only covers a stream that
// is down (a proxy buffering it, a server restart between reconnects).
export const fallbackRefetchInterval = 10_000;
