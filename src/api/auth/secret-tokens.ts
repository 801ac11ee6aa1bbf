// Random secrets for session cookies and API tokens. Only their SHA-256 is
// stored, so a leaked database cannot be used to log in.
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'htk_';

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiTokenSecret(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
