import { z } from "zod";

// LINE counts text length in UTF-16 code units, as JavaScript does.
// https://developers.line.biz/en/reference/messaging-api/#text-message
export const TEXT_MAX_LENGTH = 5000;

export const textMessageSchema = z.object({
  type: z.literal("text"),
  text: z.string().trim().min(1).max(TEXT_MAX_LENGTH),
});

export type TextMessage = z.infer<typeof textMessageSchema>;
