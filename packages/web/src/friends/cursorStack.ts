/**
 * Keyset paging keeps no page numbers: the server hands out a cursor for the next page, and
 * the way back is the stack of cursors that led here. `null` is the first page.
 */
export interface CursorStack {
  readonly cursor: string | null;
  readonly previous: readonly (string | null)[];
}

export const firstPage: CursorStack = { cursor: null, previous: [] };

export function nextPage(stack: CursorStack, nextCursor: string): CursorStack {
  return { cursor: nextCursor, previous: [...stack.previous, stack.cursor] };
}

export function previousPage(stack: CursorStack): CursorStack {
  if (stack.previous.length === 0) return stack;
  return { cursor: stack.previous.at(-1) ?? null, previous: stack.previous.slice(0, -1) };
}

export function hasPreviousPage(stack: CursorStack): boolean {
  return stack.previous.length > 0;
}

/** 1 for the first page. */
export function pageNumber(stack: CursorStack): number {
  return stack.previous.length + 1;
}
