// Password hashing with scrypt (memory-hard, node:crypto), stored in PHC
// string format so cost can rise later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

// At most this many hashes run at once: each holds 128·N·r bytes and a libuv
// thread, and a burst of logins must not starve file I/O of the thread pool.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function scryptAsync(
  password: string,
  salt: Buffer,
  cost: number,
  blockSize: number,
  parallelism: number,
) {
  return limited(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(
          password.normalize('NFKC'),
          salt,
          KEY_LENGTH,
          // scrypt needs 128·N·r bytes; allow twice that.
          { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize },
          (error, key) => (error ? reject(error) : resolve(key)),
        );
      }),
  );
}

/** `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>` (base64, unpadded). */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, cost, BLOCK_SIZE, PARALLELISM);
  const ln = Math.log2(cost);
  return `$scrypt$ln=${ln},r=${BLOCK_SIZE},p=${PARALLELISM}$${b64(salt)}$${b64(key)}`;
}

interface ParsedHash {
  cost: number;
  blockSize: number;
  parallelism: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const m =
    /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      encoded,
    );
  if (!m) return undefined;
  const ln = Number(m[1]);
  if (ln < 1 || ln > 24) return undefined;
  return {
    cost: 2 ** ln,
    blockSize: Number(m[2]),
    parallelism: Number(m[3]),
    salt: Buffer.from(m[4]!, 'base64'),
    key: Buffer.from(m[5]!, 'base64'),
  };
}

/** True when `password` matches `encoded`. Malformed hashes never match. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed || parsed.key.length !== KEY_LENGTH) return false;
  const key = await scryptAsync(
    password,
    parsed.salt,
    parsed.cost,
    parsed.blockSize,
    parsed.parallelism,
  );
  return timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with other parameters than today's, so it should be redone at next login. */
export function needsRehash(encoded: string, cost: number): boolean {
  const parsed = parseHash(encoded);
  return (
    !parsed ||
    parsed.cost !== cost ||
    parsed.blockSize !== BLOCK_SIZE ||
    parsed.parallelism !== PARALLELISM
  );
}

/** A password people can type: 16 characters from an alphabet without look-alikes (≈ 92 bits). */
export function generatePassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % alphabet.length) && out.length < length)
        out.push(alphabet[byte % alphabet.length]!);
    }
  }
  return out.join('');
}

function b64(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '');
}
