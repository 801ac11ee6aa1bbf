// Loads native/build/hotline-media.node (scripts/build-native.mjs builds it at npm install), if it was built.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** native/hotline-media.c's exports; its header comment is the contract. */
export interface NativeAddon {
  readonly slotBytes: number;
  readonly metaStride: number;
  init(onBatch: (count: number) => void, arena: Buffer, meta: Int32Array): void;
  /** Throws an Error whose code is EADDRINUSE, EACCES… when the port cannot be bound. */
  open(address: string, port: number): number;
  close(fd: number): void;
  /** 0, or -errno: a datagram the kernel refused is lost, as on the wire. */
  send(
    fd: number,
    packet: Buffer,
    offset: number,
    length: number,
    port: number,
    address: string,
  ): number;
  stats(): {
    readonly batches: number;
    readonly datagrams: number;
    readonly truncated: number;
    readonly sockets: number;
  };
  /** One threadpool job: per item the chunk at its position, then its 44-octet header at 0. */
  writeBatch(
    count: number,
    fds: Int32Array,
    positions: Float64Array,
    lengths: Int32Array,
    buffers: Buffer[],
    done: (errnos: Int32Array) => void,
  ): void;
}

/** native/build/hotline-media.node, from src/telephony/media or dist/src/telephony/media. */
function findAddon(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'native', 'build', 'hotline-media.node');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

let addon: NativeAddon | undefined | null = null; // null: not looked for yet
let loadFailure: string | undefined;

/**
 * The addon (loaded once per thread), or undefined when it was not built or does not load (a
 * build for another machine, a damaged file): `nativeAddonProblem` then says which.
 */
export function nativeAddon(): NativeAddon | undefined {
  if (addon !== null) return addon;
  const path = findAddon();
  addon = undefined;
  if (path === undefined) {
    loadFailure = 'native/build/hotline-media.node is not built (run: npm run build:native)';
    return addon;
  }
  try {
    addon = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (error) {
    loadFailure = `${path} does not load: ${(error as Error).message}`;
  }
  return addon;
}

/** Whether the addon was built and loads (scripts/build-native.mjs, run by npm install). */
export function nativeAddonAvailable(): boolean {
  return nativeAddon() !== undefined;
}

/** Why the addon is not available; undefined when it is. */
export function nativeAddonProblem(): string | undefined {
  return nativeAddon() === undefined ? loadFailure : undefined;
}
