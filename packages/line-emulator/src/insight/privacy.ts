// LINE withholds statistics backed by fewer than 20 users: such values come back as null
// (REF#get-message-event, LINE-PLATFORM.md §2.6). Demographics need a target reach of 20 too.

export const PRIVACY_THRESHOLD = 20;

/** `value` when at least 20 users are behind it, else null. */
export function shown(value: number, users: number = value): number | null {
  return users < PRIVACY_THRESHOLD ? null : value;
}
