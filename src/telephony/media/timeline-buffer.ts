// Places decoded RTP audio on the worker's 20 ms timeline by RTP timestamp: a small jitter buffer for recorders and mixers.
import { FRAME_SAMPLES } from './audio-codec.ts';
import type { AudioCodecImpl } from './audio-codec.ts';
import { timestampDelta } from './rtp-packet.ts';

export interface TimelineOptions {
  /** Frames between a packet's arrival and its read-out: jitter tolerance. Default 3 (60 ms). */
  readonly delayFrames?: number;
  /** Ring size in frames. Default 50 (1 s). */
  readonly capacityFrames?: number;
}

/**
 * Audio of one stream, read one frame per tick. A packet lands at anchor + (its timestamp - the
 * anchor's), so loss leaves silence and reordering finds its place. The first packet of a source
 * (new SSRC) is anchored `delayFrames` ahead of the read position; a packet that would land in
 * the past or beyond the ring (sender clock drift, a timestamp jump) re-anchors the stream.
 */
export class TimelineBuffer {
  readonly #ring: Int16Array;
  readonly #size: number;
  readonly #delay: number;
  /** Absolute sample index of the next frame `take` returns. */
  #readPos = 0;
  #anchored = false;
  #anchorSsrc = 0;
  #anchorTs = 0;
  #anchorPos = 0;
  /** Per frame slot of the ring: whether any packet wrote into it since it was last read. */
  readonly #filled: Uint8Array;
  #filledCount = 0;
  #reanchors = 0;

  constructor(options: TimelineOptions = {}) {
    this.#size = (options.capacityFrames ?? 50) * FRAME_SAMPLES;
    this.#delay = (options.delayFrames ?? 3) * FRAME_SAMPLES;
    this.#ring = new Int16Array(this.#size);
    this.#filled = new Uint8Array(this.#size / FRAME_SAMPLES);
  }

  /** Whether any frame holds audio not read yet. */
  get holdsAudio(): boolean {
    return this.#filledCount > 0;
  }

  get reanchors(): number {
    return this.#reanchors;
  }

  /** Forgets the anchor, e.g. after a pause in which nothing was read. */
  reset(): void {
    this.#anchored = false;
    this.#ring.fill(0);
    this.#filled.fill(0);
    this.#filledCount = 0;
  }

  place(ssrc: number, timestamp: number, pcm: Int16Array, offset: number, count: number): void {
    const position = this.#position(ssrc, timestamp, count);
    let index = position % this.#size;
    for (let i = 0; i < count; i++) {
      this.#ring[index] = pcm[offset + i]!;
      if (++index === this.#size) index = 0;
    }
    this.#markFilled(position, count);
  }

  /**
   * As `place`, decoding `count` payload bytes of a one-byte-per-sample codec (G.711) straight
   * into the ring: a recorder's channel costs one pass over the packet instead of two.
   */
  placeDecoded(
    ssrc: number,
    timestamp: number,
    codec: AudioCodecImpl,
    payload: Uint8Array,
    offset: number,
    count: number,
  ): void {
    const position = this.#position(ssrc, timestamp, count);
    const index = position % this.#size;
    const first = Math.min(count, this.#size - index);
    codec.decode(payload, offset, first, this.#ring, index);
    if (first < count) codec.decode(payload, offset + first, count - first, this.#ring, 0);
    this.#markFilled(position, count);
  }

  /** Where `count` samples of this packet go; anchors (or re-anchors) the stream when needed. */
  #position(ssrc: number, timestamp: number, count: number): number {
    const position = this.#anchorPos + timestampDelta(this.#anchorTs, timestamp);
    if (
      this.#anchored &&
      ssrc === this.#anchorSsrc &&
      position >= this.#readPos &&
      position + count <= this.#readPos + this.#size
    ) {
      return position;
    }
    if (this.#anchored) this.#reanchors++;
    this.#anchored = true;
    this.#anchorSsrc = ssrc;
    this.#anchorTs = timestamp;
    this.#anchorPos = this.#readPos + this.#delay;
    return this.#anchorPos;
  }

  #markFilled(position: number, count: number): void {
    const frames = this.#filled.length;
    const last = Math.floor((position + count - 1) / FRAME_SAMPLES);
    for (let f = Math.floor(position / FRAME_SAMPLES); f <= last; f++) {
      const slot = f % frames;
      if (this.#filled[slot] === 0) {
        this.#filled[slot] = 1;
        this.#filledCount++;
      }
    }
  }

  /**
   * Copies the next frame into `out` (silence where nothing arrived) and clears it in the ring.
   * Returns whether any audio arrived for it (false: loss or silence, nothing worth sending).
   * `stride` 2 writes every other sample: one channel of an interleaved stereo buffer.
   */
  take(out: Int16Array, outOffset = 0, stride = 1): boolean {
    const start = this.#readPos % this.#size;
    const slot = start / FRAME_SAMPLES;
    const audible = this.#filled[slot] === 1;
    if (audible) {
      this.#filled[slot] = 0;
      this.#filledCount--;
    }
    // One pass that copies and clears, with no subarray view: this runs for every recorder and
    // mixer channel on every tick.
    const ring = this.#ring;
    const end = start + FRAME_SAMPLES;
    for (let i = start, o = outOffset; i < end; i++, o += stride) {
      out[o] = ring[i]!;
      ring[i] = 0;
    }
    this.#readPos += FRAME_SAMPLES;
    return audible;
  }
}
