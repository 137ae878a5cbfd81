import { HTTPFetchError, messagingApi } from "@line/bot-sdk";

export interface LineClientConfig {
  channelAccessToken: string;
  /** Origin of the Messaging API; absent means the real LINE Platform. */
  apiBaseUrl?: string | null | undefined;
}

export interface LineProfile {
  displayName: string;
  pictureUrl: string | null;
  statusMessage: string | null;
  language: string | null;
}

export type SendResult =
  | { ok: true; requestId: string | null }
  /** `retryable`: 429 and 5xx, worth another attempt with the same retry key. */
  | { ok: false; status: number; message: string; retryable: boolean };

/** What Kizuna needs of LINE, as typed results. Built on the official SDK. */
export interface LineClient {
  multicast(to: string[], messages: messagingApi.Message[], retryKey: string): Promise<SendResult>;
  getProfile(userId: string): Promise<LineProfile | null>;
  getBotInfo(): Promise<{ userId: string; displayName: string; pictureUrl: string | null }>;
  setWebhookEndpoint(endpoint: string): Promise<void>;
  /** A link token for the account-link flow: single use, valid ten minutes. */
  issueLinkToken(userId: string): Promise<string>;
  /** Answers an event with its reply token (free of charge; the token lives a minute). */
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<SendResult>;
}

export function createLineClient(config: LineClientConfig): LineClient {
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: config.channelAccessToken,
    ...(config.apiBaseUrl ? { baseURL: config.apiBaseUrl } : {}),
  });
  return {
    async multicast(to, messages, retryKey) {
      try {
        const response = await api.multicastWithHttpInfo({ to, messages }, retryKey);
        return { ok: true, requestId: response.httpResponse.headers.get("x-line-request-id") };
      } catch (error) {
        if (!(error instanceof HTTPFetchError)) {
          // Network failure or timeout: LINE may or may not have accepted it.
          return { ok: false, status: 0, message: (error as Error).message, retryable: true };
        }
        // A retried request LINE already accepted: it was delivered once, count it so.
        // https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
        if (error.status === 409 && error.headers.get("x-line-accepted-request-id")) {
          return { ok: true, requestId: error.headers.get("x-line-accepted-request-id") };
        }
        return {
          ok: false,
          status: error.status,
          message: lineErrorMessage(error.body),
          retryable: error.status === 429 || error.status >= 500,
        };
      }
    },
    async getProfile(userId) {
      try {
        const profile = await api.getProfile(userId);
        return {
          displayName: profile.displayName,
          pictureUrl: profile.pictureUrl ?? null,
          statusMessage: profile.statusMessage ?? null,
          language: profile.language ?? null,
        };
      } catch (error) {
        if (error instanceof HTTPFetchError && error.status === 404) return null;
        throw error;
      }
    },
    async getBotInfo() {
      const info = await api.getBotInfo();
      return {
        userId: info.userId,
        displayName: info.displayName,
        pictureUrl: info.pictureUrl ?? null,
      };
    },
    async setWebhookEndpoint(endpoint) {
      await api.setWebhookEndpoint({ endpoint });
    },
    async issueLinkToken(userId) {
      // https://developers.line.biz/en/reference/messaging-api/#issue-link-token
      return (await api.issueLinkToken(userId)).linkToken;
    },
    async reply(replyToken, messages) {
      try {
        const response = await api.replyMessageWithHttpInfo({ replyToken, messages });
        return { ok: true, requestId: response.httpResponse.headers.get("x-line-request-id") };
      } catch (error) {
        if (!(error instanceof HTTPFetchError))
          return { ok: false, status: 0, message: (error as Error).message, retryable: false };
        // A reply token is single use and short-lived: retrying cannot help.
        return {
          ok: false,
          status: error.status,
          message: lineErrorMessage(error.body),
          retryable: false,
        };
      }
    },
  };
}

function lineErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as {
      message?: unknown;
      details?: { message: string; property: string }[];
    };
    const details = parsed.details?.map((d) => `${d.property}: ${d.message}`).join("; ");
    return [parsed.message, details].filter(Boolean).join(" — ") || body;
  } catch {
    return body.slice(0, 200);
  }
}
