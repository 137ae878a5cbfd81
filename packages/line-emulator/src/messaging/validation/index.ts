// LINE's message validation as a library (`@kizuna/line-emulator/validation`): the very checks the
// emulator's sending and validate/* endpoints run — messaging-api.yml with LINE's published limits
// laid over it, then the rules no schema can say — for an app to run before it sends anything.
// Pure: no emulator state, no I/O beyond reading the bundled spec once.

export type { LineError, LineErrorDetail } from "../errors.ts";
export { type SendKind, validateMessagesOnly } from "../validate.ts";
export {
  MAX_ALT_TEXT_LENGTH,
  MAX_CAROUSEL_BUBBLES,
  MAX_MESSAGES,
  MAX_QUICK_REPLY_ITEMS,
  MAX_TEMPLATE_COLUMNS,
  MAX_TEXT_LENGTH,
} from "./limits.ts";
