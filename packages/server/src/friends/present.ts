import { fieldValueOutput } from "@kizuna/core";
import type { FriendFieldValue } from "@kizuna/db";

/** A field value as the API shows it: the plain value (`12.5`, `"2024-04-01"`, `["a"]`). */
export function presentFieldValue(field: FriendFieldValue) {
  return { ...field, value: fieldValueOutput(field.value) };
}
