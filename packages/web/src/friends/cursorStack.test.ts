import { describe, expect, it } from "vitest";
import { firstPage, hasPreviousPage, nextPage, pageNumber, previousPage } from "./cursorStack.ts";

describe("cursor stack", () => {
  it("starts on page 1 with nowhere to go back to", () => {
    expect(firstPage.cursor).toBeNull();
    expect(hasPreviousPage(firstPage)).toBe(false);
    expect(pageNumber(firstPage)).toBe(1);
  });

  it("walks forward and back through the cursors it was given", () => {
    const second = nextPage(firstPage, "c2");
    const third = nextPage(second, "c3");
    expect(third.cursor).toBe("c3");
    expect(pageNumber(third)).toBe(3);

    const backToSecond = previousPage(third);
    expect(backToSecond).toEqual(second);
    const backToFirst = previousPage(backToSecond);
    expect(backToFirst.cursor).toBeNull();
    expect(hasPreviousPage(backToFirst)).toBe(false);
  });

  it("stays on the first page when asked to go back from it", () => {
    expect(previousPage(firstPage)).toBe(firstPage);
  });

  it("does not change the stack it came from", () => {
    const second = nextPage(firstPage, "c2");
    nextPage(second, "c3");
    expect(second).toEqual({ cursor: "c2", previous: [null] });
  });
});
