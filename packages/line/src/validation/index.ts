export {
  MAX_ALT_TEXT_LENGTH,
  MAX_MESSAGES,
  MAX_QUICK_REPLY_ITEMS,
  MAX_TEMPLATE_COLUMNS,
} from "@kizuna/line-emulator/validation";
export { checkMessages, type MessagesCheck } from "./messages.ts";
