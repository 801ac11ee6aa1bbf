// Random transaction identifiers: Via branches (RFC 3261 §8.1.1.7) and To tags (§19.3).
import { randomBytes } from 'node:crypto';
import { MAGIC_COOKIE } from '../message/index.ts';

/**
 * RFC 3261 8.1.1.7: a branch unique across space and time, starting with the magic cookie.
 * 96 random bits in base64url, whose characters are all SIP token characters.
 */
export function newBranch(): string {
  return MAGIC_COOKIE + randomBytes(12).toString('base64url');
}

/** RFC 3261 19.3: a tag with at least 32 random bits; we use 64. */
export function newTag(): string {
  return randomBytes(8).toString('hex');
}

/** True when the branch names an RFC 3261 transaction; otherwise RFC 2543 matching applies (§17.2.3). */
export function isRfc3261Branch(branch: string): boolean {
  return branch.startsWith(MAGIC_COOKIE) && branch.length > MAGIC_COOKIE.length;
}
