import type { MessageProblem } from "@kizuna/core/messages";
import { createEmulator } from "@kizuna/line-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMessages } from "./messages.ts";

// Kizuna and the emulator must refuse the same messages with the same words at the same paths:
// each invalid send below goes to the emulator's validate endpoint over HTTP and to checkMessages.

const emulator = createEmulator();
let baseUrl: string;
let token: string;

beforeAll(async () => {
  baseUrl = await emulator.listen({ port: 0 });
  const response = await fetch(`${baseUrl}/_emulator/channels`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Validation" }),
  });
  token = ((await response.json()) as { channelAccessToken: string }).channelAccessToken;
});
afterAll(() => emulator.close());

async function emulatorProblems(messages: unknown): Promise<MessageProblem[]> {
  const response = await fetch(`${baseUrl}/v2/bot/message/validate/multicast`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ messages }),
  });
  if (response.status === 200) return [];
  const body = (await response.json()) as { message: string; details?: MessageProblem[] };
  return body.details ?? [{ property: "", message: body.message }];
}

function kizunaProblems(messages: unknown): MessageProblem[] {
  const checked = checkMessages(messages);
  if (checked.ok) return [];
  // Unreadable values carry no details at LINE; the emulator's body names them in its message.
  return checked.problems.map((problem) =>
    problem.message.startsWith("The property,") ? { ...problem, property: "" } : problem,
  );
}

const label = (text: string) => ({ type: "postback", label: text, data: "a=1" });
const INVALID: Record<string, unknown> = {
  "an over-long button label": [
    {
      type: "template",
      altText: "Menu",
      template: { type: "buttons", text: "Pick", actions: [label("ok"), label("x".repeat(21))] },
    },
  ],
  "six messages": Array(6).fill({ type: "text", text: "hi" }),
  "no messages": [],
  "an unknown type and an empty text": [{ type: "txt" }, { type: "text", text: "" }],
  "a carousel whose columns differ": [
    {
      type: "template",
      altText: "Items",
      template: {
        type: "carousel",
        columns: [
          { text: "A", actions: [label("a"), label("b")] },
          { title: "B", text: "B", actions: [label("c")] },
        ],
      },
    },
  ],
  "a quick reply with 14 buttons": [
    {
      type: "text",
      text: "Choose",
      quickReply: {
        items: Array(14).fill({
          type: "action",
          action: { type: "message", label: "a", text: "a" },
        }),
      },
    },
  ],
  "a camera action in a template": [
    {
      type: "template",
      altText: "x",
      template: {
        type: "confirm",
        text: "?",
        actions: [label("y"), { type: "camera", label: "c" }],
      },
    },
  ],
  "an http image": [
    { type: "image", originalContentUrl: "http://a.jp/a.png", previewImageUrl: "" },
  ],
  "a Flex video outside the hero": [
    {
      type: "flex",
      altText: "f",
      contents: {
        type: "bubble",
        body: {
          type: "box",
          layout: "vertical",
          contents: [
            {
              type: "video",
              url: "https://a.jp/v.mp4",
              previewUrl: "https://a.jp/p.png",
              altContent: { type: "text", text: "v" },
            },
          ],
        },
      },
    },
  ],
  "a text of the wrong JSON type": [{ type: "text", text: 42 }],
  "a date picker with a time": [
    {
      type: "template",
      altText: "x",
      template: {
        type: "buttons",
        text: "When?",
        actions: [
          { type: "datetimepicker", label: "Pick", data: "d", mode: "date", initial: "10:00" },
        ],
      },
    },
  ],
};

describe("one validator for Kizuna and the emulator", () => {
  for (const [what, messages] of Object.entries(INVALID)) {
    it(`refuses ${what} in the same words at the same paths`, async () => {
      const fromEmulator = await emulatorProblems(messages);
      expect(fromEmulator.length).toBeGreaterThan(0);
      expect(kizunaProblems(messages)).toEqual(fromEmulator);
    });
  }

  it("accepts what the emulator accepts", async () => {
    const messages = [
      { type: "text", text: "こんにちは {{name|お客様}}" },
      { type: "sticker", packageId: "446", stickerId: "1988" },
    ];
    expect(await emulatorProblems(messages)).toEqual([]);
    expect(checkMessages(messages)).toEqual({ ok: true });
  });

  it("names the property LINE could not read", () => {
    expect(checkMessages([{ type: "text", text: 42 }])).toEqual({
      ok: false,
      problems: [
        {
          property: "messages[0].text",
          message:
            "The property, 'messages[0].text', in the request body is invalid (line: -, column: -)",
        },
      ],
    });
  });
});
