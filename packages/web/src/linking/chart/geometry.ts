/**
 * Geometry of a small line chart: where each value sits in a box, a rounded top for the
 * y axis, and which x labels to show without crowding. Pure, so it is tested without a DOM.
 */
export interface Box {
  width: number;
  height: number;
  /** Space kept free on each side for axis labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * A top for the y axis that reads well: 1, 2, 2.5 or 5 times a power of ten, at least
 * `floor`; for counts (`integer`) 2.5 is skipped so that the middle line is whole too.
 */
export function niceMax(values: readonly number[], floor = 1, integer = false): number {
  const max = Math.max(floor, ...values.filter(Number.isFinite));
  const power = 10 ** Math.floor(Math.log10(max));
  const steps = integer ? [1, 2, 4, 5, 10] : [1, 2, 2.5, 5, 10];
  const step = steps.find((m) => m * power >= max) ?? 10;
  return step * power;
}

/** Horizontal grid lines: bottom, middle and top; no middle line between two counts. */
export function gridValues(max: number, integer = false): number[] {
  return integer && !Number.isInteger(max / 2) ? [0, max] : [0, max / 2, max];
}

/** Points of a series in the box's coordinates (y grows downwards, as in SVG). */
export function linePoints(
  values: readonly number[],
  box: Box,
  max: number,
): { x: number; y: number }[] {
  const innerWidth = box.width - box.left - box.right;
  const innerHeight = box.height - box.top - box.bottom;
  const stepX = values.length > 1 ? innerWidth / (values.length - 1) : 0;
  return values.map((value, i) => ({
    x: box.left + (values.length > 1 ? i * stepX : innerWidth / 2),
    y: box.top + innerHeight * (1 - Math.min(Math.max(value, 0), max) / max),
  }));
}

export function pathOf(points: readonly { x: number; y: number }[]): string {
  return points
    .map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`)
    .join(" ");
}

/** Indexes of at most `count` evenly spread labels, always the first and the last. */
export function labelIndexes(length: number, count: number): number[] {
  if (length <= 0) return [];
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (count - 1);
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(i * step)))];
}
