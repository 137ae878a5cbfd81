import pg from "pg";

/**
 * One dedicated connection for every LISTEN of a process, outside the query pool, so
 * that notifications cost one connection however many channels are watched. It
 * reconnects and listens again after the server drops it.
 */
export function createPgListener(url: string) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;

  function connect(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: url });
      next.on("notification", (message) => {
        for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? "");
      });
      next.on("error", () => drop(next));
      next.on("end", () => drop(next));
      await next.connect();
      for (const channel of handlers.keys())
        await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      client = next;
      connecting = null;
      return next;
    })().catch((error: unknown) => {
      connecting = null;
      throw error;
    });
    return connecting;
  }

  function drop(dead: pg.Client) {
    if (client !== dead) return;
    client = null;
    if (!closed && handlers.size > 0)
      setTimeout(() => void connect().catch(() => drop(dead)), 1000);
  }

  return {
    async listen(
      channel: string,
      onPayload: (payload: string) => void,
    ): Promise<() => Promise<void>> {
      const set = handlers.get(channel) ?? new Set();
      const first = set.size === 0;
      set.add(onPayload);
      handlers.set(channel, set);
      const connection = await connect();
      if (first) await connection.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        if (!set.delete(onPayload) || set.size > 0) return;
        handlers.delete(channel);
        await client?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {});
      };
    },
    async close(): Promise<void> {
      closed = true;
      handlers.clear();
      const open = client;
      client = null;
      await open?.end().catch(() => {});
    },
  };
}
