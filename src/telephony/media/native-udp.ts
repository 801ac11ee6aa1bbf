// A thread's RTP/RTCP sockets through native/hotline-media.c: one JS call per batch of received datagrams, one per send.
import { nativeAddon } from './native-addon.ts';
import type { NativeAddon } from './native-addon.ts';
import type { DatagramHandler, MediaSocket } from './media-socket.ts';

export type NativeUdpStats = ReturnType<NativeAddon['stats']>;

/** Datagrams one batch can carry: 512 KiB of arena. */
const BATCH_SLOTS = 256;
/** Source address strings kept for reuse; a NATed crowd of phones past this starts over. */
const MAX_NAMES = 4096;

/**
 * An IPv6 address as inet_ntop (and so dgram's rinfo) writes it: RFC 5952 compression of the
 * longest run of zero groups, and the last 32 bits dotted for IPv4-mapped (::ffff:a.b.c.d) and
 * IPv4-compatible (::a.b.c.d) addresses.
 */
export function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart === 0 && (bestLength === 6 || (bestLength === 5 && groups[5] === 0xffff))) {
    const prefix = bestLength === 5 ? '::ffff:' : '::';
    return `${prefix}${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

class NativeSocket implements MediaSocket {
  readonly #hub: NativeUdp;
  readonly #fd: number;
  #closed = false;

  constructor(hub: NativeUdp, fd: number) {
    this.#hub = hub;
    this.#fd = fd;
  }

  send(
    packet: Buffer,
    offset: number,
    length: number,
    port: number,
    address: string,
    done?: () => void,
  ): void {
    // Checked here as well as natively: after close the fd number may belong to a new socket.
    if (!this.#closed) this.#hub.binding.send(this.#fd, packet, offset, length, port, address);
    done?.();
  }

  onMessage(handler: DatagramHandler): void {
    // After close the fd number may be a new socket's: its handler is not ours to replace.
    if (!this.#closed) this.#hub.listen(this.#fd, handler);
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#hub.release(this.#fd);
    }
    return Promise.resolve();
  }
}

/**
 * The thread's native sockets. Received datagrams are views into one arena that the next batch
 * overwrites: a handler that keeps a packet past its call must copy it, and whatever was queued
 * to be sent from it is flushed by the after-batch hooks before this batch returns.
 */
export class NativeUdp {
  static #thread: NativeUdp | undefined;
  readonly binding: NativeAddon;
  readonly #arena: Buffer;
  readonly #meta: Int32Array;
  readonly #stride: number;
  readonly #handlers = new Map<number, DatagramHandler>();
  readonly #afterBatch = new Set<() => void>();
  readonly #names = new Map<number, string>();
  /** One source object for all datagrams (DatagramSource's contract: copy what you keep). */
  readonly #source: { address: string; port: number } = { address: '', port: 0 };
  /** Sockets closed during the batch being delivered: their fd numbers may be reused within it. */
  readonly #closedInBatch = new Set<number>();
  #delivering = false;

  private constructor(binding: NativeAddon) {
    this.binding = binding;
    this.#stride = binding.metaStride;
    this.#arena = Buffer.alloc(BATCH_SLOTS * binding.slotBytes);
    this.#meta = new Int32Array(BATCH_SLOTS * binding.metaStride);
    binding.init(this.#onBatch, this.#arena, this.#meta);
  }

  /** This thread's instance; undefined when the addon was not built. */
  static forThread(): NativeUdp | undefined {
    if (NativeUdp.#thread !== undefined) return NativeUdp.#thread;
    const found = nativeAddon();
    if (found === undefined) return undefined;
    NativeUdp.#thread = new NativeUdp(found);
    return NativeUdp.#thread;
  }

  get stats(): NativeUdpStats {
    return this.binding.stats();
  }

  /** Binds a UDP socket; the error of a failed bind carries the errno name as its code. */
  open(address: string, port: number): MediaSocket {
    return new NativeSocket(this, this.binding.open(address, port));
  }

  /** Runs after every batch of received datagrams (the worker flushes its held sends). */
  afterBatch(hook: () => void): () => void {
    this.#afterBatch.add(hook);
    return () => this.#afterBatch.delete(hook);
  }

  listen(fd: number, handler: DatagramHandler): void {
    this.#handlers.set(fd, handler);
  }

  release(fd: number): void {
    this.#handlers.delete(fd);
    if (this.#delivering) this.#closedInBatch.add(fd);
    this.binding.close(fd);
  }

  #name(meta: Int32Array, at: number): string {
    if (meta[at + 4] === 6)
      return ipv6Text(new Uint8Array(meta.buffer, meta.byteOffset + (at + 5) * 4, 16));
    const key = meta[at + 5]!;
    let name = this.#names.get(key);
    if (name === undefined) {
      // Network byte order copied into a little-endian int32: the first octet is the low byte.
      name = `${key & 255}.${(key >>> 8) & 255}.${(key >>> 16) & 255}.${key >>> 24}`;
      if (this.#names.size >= MAX_NAMES) this.#names.clear();
      this.#names.set(key, name);
    }
    return name;
  }

  readonly #onBatch = (count: number): void => {
    const meta = this.#meta;
    const source = this.#source;
    const closed = this.#closedInBatch;
    let failure: Error | undefined;
    const fail = (error: unknown): void => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    };
    this.#delivering = true;
    for (let i = 0, at = 0; i < count; i++, at += this.#stride) {
      const fd = meta[at]!;
      const handler = this.#handlers.get(fd);
      // Closed while its datagrams were in the batch (a socket opened since may have its number).
      if (handler === undefined || (closed.size > 0 && closed.has(fd))) continue;
      const offset = meta[at + 1]!;
      source.address = this.#name(meta, at);
      source.port = meta[at + 3]!;
      try {
        handler(this.#arena.subarray(offset, offset + meta[at + 2]!), source);
      } catch (error) {
        fail(error);
      }
    }
    this.#delivering = false;
    closed.clear();
    for (const hook of this.#afterBatch) {
      try {
        hook();
      } catch (error) {
        fail(error);
      }
    }
    // A throwing handler or hook is a bug: surfaced as dgram's listener would, after the batch.
    if (failure !== undefined) throw failure;
  };
}
