// RTP/RTCP port pairs from the configured range: even RTP port, RTCP on the next (RFC 3550 §11).
import { MediaError } from './media-error.ts';

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Hands out even ports round robin, so a port just freed is the last to be reused: stray packets
 * of an ended call rarely reach the next one. A pair another process holds can be set aside.
 */
export class PortAllocator {
  readonly #range: PortRange;
  readonly #first: number;
  readonly #pairs: number;
  readonly #used: Uint8Array;
  #cursor = 0;
  #inUse = 0;
  readonly #blockedUntil = new Map<number, number>();

  constructor(range: PortRange) {
    const first = range.min % 2 === 0 ? range.min : range.min + 1;
    const pairs = Math.floor((range.max - first + 1) / 2);
    if (pairs < 1)
      throw new RangeError(`RTP port range ${range.min}-${range.max} holds no even/odd pair`);
    this.#range = range;
    this.#first = first;
    this.#pairs = pairs;
    this.#used = new Uint8Array(pairs);
  }

  get capacity(): number {
    return this.#pairs;
  }

  get inUse(): number {
    return this.#inUse;
  }

  /** The RTP port of a free pair; throws MediaError('ports-exhausted') when there is none. */
  allocate(nowMs = Date.now()): number {
    for (let tried = 0; tried < this.#pairs; tried++) {
      const index = this.#cursor;
      this.#cursor = (this.#cursor + 1) % this.#pairs;
      if (this.#used[index] !== 0) continue;
      const port = this.#first + index * 2;
      const blocked = this.#blockedUntil.get(port);
      if (blocked !== undefined) {
        if (blocked > nowMs) continue;
        this.#blockedUntil.delete(port);
      }
      this.#used[index] = 1;
      this.#inUse++;
      return port;
    }
    throw new MediaError(
      'ports-exhausted',
      `No free RTP port pair in ${this.#range.min}-${this.#range.max}: all ${this.#pairs} are in use` +
        `${this.#blockedUntil.size > 0 ? ` or held by other programs (${this.#blockedUntil.size})` : ''}. ` +
        'Widen HOTLINE_RTP_PORTS or add a media node.',
    );
  }

  release(port: number): void {
    const index = (port - this.#first) / 2;
    if (!Number.isInteger(index) || index < 0 || index >= this.#pairs || this.#used[index] === 0)
      return;
    this.#used[index] = 0;
    this.#inUse--;
  }

  /** Releases a pair that failed to bind and keeps it out of use for a while. */
  block(port: number, forMs: number, nowMs = Date.now()): void {
    this.release(port);
    this.#blockedUntil.set(port, nowMs + forMs);
  }
}
