import { engagementOf, type RequestEngagement, type Tally } from "../state/engagement.ts";
import type { EmulatorState } from "../state/state.ts";
import type { ReceivedMessage } from "../state/types.ts";
import { shown } from "./privacy.ts";

// GET /v2/bot/insight/message/event (REF#get-message-event): how friends interacted with the
// messages of one broadcast or narrowcast, from what virtual friends read, opened and played.
// Shapes: insight.yml GetMessageEventResponse / GetStatisticsPerUnitResponse.

/** Sends whose request IDs LINE keeps interaction statistics for. */
const MEASURED_VIA = new Set(["broadcast", "narrowcast"]);

export type MessageStats = {
  seq: number;
  impression: number | null;
  mediaPlayed: number | null;
  mediaPlayed25Percent: number | null;
  mediaPlayed50Percent: number | null;
  mediaPlayed75Percent: number | null;
  mediaPlayed100Percent: number | null;
  uniqueImpression: number | null;
  uniqueMediaPlayed: number | null;
  uniqueMediaPlayed25Percent: number | null;
  uniqueMediaPlayed50Percent: number | null;
  uniqueMediaPlayed75Percent: number | null;
  uniqueMediaPlayed100Percent: number | null;
};

export type ClickStats = {
  seq: number;
  url: string;
  click: number | null;
  uniqueClick: number | null;
  uniqueClickOfRequest: number | null;
};

export type InteractionOverview = {
  uniqueImpression: number | null;
  uniqueClick: number | null;
  uniqueMediaPlayed: number | null;
  uniqueMediaPlayed100Percent: number | null;
};

export type MessageEventResponse = {
  overview: {
    requestId: string;
    timestamp: number;
    delivered: number;
  } & InteractionOverview;
  messages: MessageStats[];
  clicks: ClickStats[];
};

/** One send request as the friends received it: its message IDs in order and who got them. */
export type SentRequest = {
  requestId: string;
  via: string;
  at: string;
  messageIds: string[];
  recipients: Set<string>;
};

/** The channel's send requests with these IDs, read from what friends received. */
export function sentRequests(
  received: readonly ReceivedMessage[],
  requestIds: ReadonlySet<string>,
): Map<string, SentRequest> {
  const requests = new Map<string, SentRequest>();
  for (const message of received) {
    if (!requestIds.has(message.requestId)) continue;
    let request = requests.get(message.requestId);
    if (!request) {
      request = {
        requestId: message.requestId,
        via: message.via,
        at: message.at,
        messageIds: [],
        recipients: new Set(),
      };
      requests.set(message.requestId, request);
    }
    if (!request.messageIds.includes(message.messageId)) request.messageIds.push(message.messageId);
    request.recipients.add(message.userId);
  }
  // Message IDs grow with time, and a request's messages get them in order: that is their seq.
  for (const request of requests.values()) {
    request.messageIds.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  }
  return requests;
}

export function messageEventStats(
  state: EmulatorState,
  channelId: string,
  requestId: string,
  received: readonly ReceivedMessage[],
): MessageEventResponse {
  const request = sentRequests(received, new Set([requestId])).get(requestId);
  if (!request || !MEASURED_VIA.has(request.via)) {
    return {
      overview: { requestId, timestamp: 0, delivered: 0, ...interactions([]) },
      messages: [],
      clicks: [],
    };
  }
  const engagement = engagementOf(state, requestId);
  const mine = engagement?.channelId === channelId ? [engagement] : [];
  return {
    overview: {
      requestId,
      timestamp: Math.floor(Date.parse(request.at) / 1000),
      delivered: request.recipients.size,
      ...interactions(mine),
    },
    ...bubbles([{ request, engagement: mine[0] }]),
  };
}

/** Unique users over one or more requests (the per-unit statistics add requests up). */
export function interactions(engagements: readonly RequestEngagement[]): InteractionOverview {
  const union = (pick: (e: RequestEngagement) => Set<string>) => {
    const users = new Set<string>();
    for (const engagement of engagements) for (const user of pick(engagement)) users.add(user);
    return users.size;
  };
  return {
    uniqueImpression: shown(union((e) => e.viewers)),
    uniqueClick: shown(union((e) => e.clickers)),
    uniqueMediaPlayed: shown(union((e) => e.players)),
    uniqueMediaPlayed100Percent: shown(union((e) => e.completePlayers)),
  };
}

/**
 * Per bubble and per link, numbered by seq. For several requests (per-unit statistics), bubbles
 * with the same seq add up. The emulator knows a play started or finished, not how far it got:
 * a finished play counts for 25, 50, 75 and 100 percent.
 */
export function bubbles(
  sent: readonly { request: SentRequest; engagement: RequestEngagement | undefined }[],
): { messages: MessageStats[]; clicks: ClickStats[] } {
  type Acc = { impressions: Tally; started: Tally; completed: Tally };
  const bySeq = new Map<number, Acc>();
  const clicksBySeqUrl = new Map<string, { seq: number; url: string; clicks: Tally }>();
  const urlUsers = new Map<string, Set<string>>();
  const add = (into: Tally, from: Tally | undefined) => {
    if (!from) return;
    into.count += from.count;
    for (const user of from.users) into.users.add(user);
  };
  const tally = (): Tally => ({ count: 0, users: new Set() });
  for (const { request, engagement } of sent) {
    request.messageIds.forEach((messageId, i) => {
      const seq = i + 1;
      let acc = bySeq.get(seq);
      if (!acc) {
        acc = { impressions: tally(), started: tally(), completed: tally() };
        bySeq.set(seq, acc);
      }
      add(acc.impressions, engagement?.impressions.get(messageId));
      add(acc.started, engagement?.plays.get(messageId)?.started);
      add(acc.completed, engagement?.plays.get(messageId)?.completed);
    });
    for (const clicks of engagement?.clicks.values() ?? []) {
      const seq = request.messageIds.indexOf(clicks.messageId) + 1;
      if (seq === 0) continue;
      const key = `${seq} ${clicks.url}`;
      let acc = clicksBySeqUrl.get(key);
      if (!acc) {
        acc = { seq, url: clicks.url, clicks: tally() };
        clicksBySeqUrl.set(key, acc);
      }
      add(acc.clicks, clicks);
    }
    for (const [url, users] of engagement?.urlClickers ?? []) {
      let all = urlUsers.get(url);
      if (!all) {
        all = new Set();
        urlUsers.set(url, all);
      }
      for (const user of users) all.add(user);
    }
  }
  const messages = [...bySeq].map(([seq, { impressions, started, completed }]): MessageStats => {
    const done = shown(completed.count, completed.users.size);
    const doneUsers = shown(completed.users.size);
    return {
      seq,
      impression: shown(impressions.count, impressions.users.size),
      mediaPlayed: shown(started.count, started.users.size),
      mediaPlayed25Percent: done,
      mediaPlayed50Percent: done,
      mediaPlayed75Percent: done,
      mediaPlayed100Percent: done,
      uniqueImpression: shown(impressions.users.size),
      uniqueMediaPlayed: shown(started.users.size),
      uniqueMediaPlayed25Percent: doneUsers,
      uniqueMediaPlayed50Percent: doneUsers,
      uniqueMediaPlayed75Percent: doneUsers,
      uniqueMediaPlayed100Percent: doneUsers,
    };
  });
  const clicks = [...clicksBySeqUrl.values()]
    .sort((a, b) => a.seq - b.seq)
    .map(
      ({ seq, url, clicks: c }): ClickStats => ({
        seq,
        url,
        click: shown(c.count, c.users.size),
        uniqueClick: shown(c.users.size),
        uniqueClickOfRequest: shown(urlUsers.get(url)?.size ?? 0),
      }),
    );
  return { messages, clicks };
}
