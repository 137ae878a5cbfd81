/**
 * Compares two decimals written as text (`-12.5`, `0.000001`, `123456789012345.123456`)
 * exactly, as PostgreSQL's `numeric` does: a double would round the 15 digits before the
 * point and the 6 after that custom fields keep.
 */
export function compareDecimals(a: string, b: string): number {
  const x = split(a);
  const y = split(b);
  const sx = sign(x);
  const sy = sign(y);
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  const magnitude = compareMagnitudes(x, y);
  return magnitude === 0 ? 0 : sx * magnitude;
}

interface Parts {
  negative: boolean;
  whole: string;
  fraction: string;
  zero: boolean;
}

function split(text: string): Parts {
  const trimmed = text.trim();
  const negative = trimmed.startsWith("-");
  const [rawWhole = "0", rawFraction = ""] = (negative ? trimmed.slice(1) : trimmed).split(".");
  const whole = rawWhole.replace(/^0+/, "");
  const fraction = rawFraction.replace(/0+$/, "");
  return { negative, whole, fraction, zero: whole === "" && fraction === "" };
}

function sign(parts: Parts): number {
  return parts.zero ? 0 : parts.negative ? -1 : 1;
}

function compareMagnitudes(x: Parts, y: Parts): number {
  if (x.whole.length !== y.whole.length) return x.whole.length < y.whole.length ? -1 : 1;
  if (x.whole !== y.whole) return x.whole < y.whole ? -1 : 1;
  const length = Math.max(x.fraction.length, y.fraction.length);
  const a = x.fraction.padEnd(length, "0");
  const b = y.fraction.padEnd(length, "0");
  return a === b ? 0 : a < b ? -1 : 1;
}
