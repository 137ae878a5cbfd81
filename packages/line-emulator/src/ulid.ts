import { randomBytes } from "node:crypto";

// Crockford's base32: no I, L, O, U. https://github.com/ulid/spec
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID (26 chars): 48-bit millisecond time, then 80 random bits. LINE's webhookEventId format. */
export function ulid(timeMs: number): string {
  let time = "";
  let t = Math.max(0, Math.floor(timeMs));
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomChunk();
  let random = "";
  for (let i = 0; i < 16; i++) {
    random += ALPHABET[(bytes[i] ?? 0) % 32];
  }
  return time + random;
}

// One random draw serves many IDs: a bulk follow makes thousands of events at once, and a draw
// per ID would cost a system call each.
const POOL_IDS = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomChunk(): Buffer {
  if (offset >= pool.length) {
    pool = randomBytes(16 * POOL_IDS);
    offset = 0;
  }
  const chunk = pool.subarray(offset, offset + 16);
  offset += 16;
  return chunk;
}

/** The millisecond time encoded in a ULID. */
export function ulidTime(id: string): number {
  let t = 0;
  for (const char of id.slice(0, 10)) {
    t = t * 32 + ALPHABET.indexOf(char);
  }
  return t;
}
