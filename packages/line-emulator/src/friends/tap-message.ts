import type { EmulatorContext } from "../context.ts";
import { isJsonObject } from "../json.ts";
import { err } from "../result.ts";
import { receivedMessages } from "../state/received.ts";
import { findActionByLabel, isAction, valueAt } from "./action-ref.ts";
import { type FriendResult, findUser } from "./common.ts";
import { type TapInput, type TapOutcome, tapAction } from "./taps.ts";

/** Which action of a received message to tap: by its path in the message object, or its label. */
export type ActionReference = { messageId: string } & ({ path: string } | { label: string });

/** The friend taps a button, quick reply, imagemap area or Flex action of a message they received. */
export async function tapInMessage(
  ctx: EmulatorContext,
  userId: string,
  reference: ActionReference,
  input: TapInput = {},
): Promise<FriendResult<TapOutcome & { path: string }>> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const { channelId } = found.value;
  const received = receivedMessages(ctx.state, channelId, userId).find(
    (message) => message.messageId === reference.messageId,
  );
  if (!received) {
    return err({
      code: "message_not_found",
      message: `${userId} did not receive a message ${reference.messageId}`,
    });
  }
  const located =
    "path" in reference
      ? locate(received.message, reference.path)
      : findActionByLabel(received.message, reference.label);
  if (!located) {
    const what = "path" in reference ? `at ${reference.path}` : `labelled "${reference.label}"`;
    return err({
      code: "action_not_found",
      message: `Message ${reference.messageId} has no action ${what}`,
    });
  }
  const tapped = await tapAction(ctx, userId, located.action, input, { message: received });
  return tapped.ok ? { ok: true, value: { ...tapped.value, path: located.path } } : tapped;
}

function locate(message: Parameters<typeof valueAt>[0], path: string) {
  const value = valueAt(message, path);
  if (isAction(value)) return { path, action: value };
  // `…columns[0]` of an image carousel, or a Flex component: tap its action.
  if (isJsonObject(value) && isAction(value.action))
    return { path: `${path}.action`, action: value.action };
  return undefined;
}
