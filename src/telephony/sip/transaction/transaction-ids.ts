// Random transaction identifiers: Via branches (RFC 3261 §8.1.1.7) and To tags (§19.3).
import { randomFillSync } from 'node:crypto';
import { MAGIC_COOKIE } from '../message/index.ts';

// Every call needs several identifiers (branches, tags, a Call-ID); one randomBytes() call each
// was 3 % of the main thread at 500 calls/s. They come from a pool refilled 4 KiB at a time from
// the same CSPRNG; each byte is handed out once.
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function randomSlice(bytes: number): Buffer {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return slice;
}

/** Random hex for identifiers (Call-IDs): `bytes` random bytes, twice as many characters. */
export function randomHex(bytes: number): string {
  return randomSlice(bytes).toString('hex');
}

/**
 * RFC 3261 8.1.1.7: a branch unique across space and time, starting with the magic cookie.
 * 96 random bits in base64url, whose characters are all SIP token characters.
 */
export function newBranch(): string {
  return MAGIC_COOKIE + randomSlice(12).toString('base64url');
}

/** RFC 3261 19.3: a tag with at least 32 random bits; we use 64. */
export function newTag(): string {
  return randomSlice(8).toString('hex');
}

/** True when the branch names an RFC 3261 transaction; otherwise RFC 2543 matching applies (§17.2.3). */
export function isRfc3261Branch(branch: string): boolean {
  return branch.startsWith(MAGIC_COOKIE) && branch.length > MAGIC_COOKIE.length;
}
