// RFC 4733 telephone-event payloads: the 4-octet format and a receiver that reports each event exactly once.
import { digitOfEvent } from './dtmf-digits.ts';
import { timestampDelta } from './rtp-packet.ts';

export const TELEPHONE_EVENT_SIZE = 4;

/** RFC 4733 §2.3: event, E bit, R bit, volume (-dBm0), duration in timestamp units. */
export function writeTelephoneEvent(
  out: Uint8Array,
  offset: number,
  event: number,
  end: boolean,
  volume: number,
  duration: number,
): void {
  out[offset] = event;
  out[offset + 1] = (end ? 0x80 : 0) | (volume & 0x3f);
  out[offset + 2] = (duration >>> 8) & 0xff;
  out[offset + 3] = duration & 0xff;
}

export interface TelephoneEventListener {
  /** The event began (first packet seen): barge-in reacts here, without waiting for the end. */
  onStart(digit: string, startTimestamp: number): void;
  /** The event ended; `duration` in timestamp units. Called once per event. */
  onEnd(digit: string, startTimestamp: number, duration: number): void;
}

// An event whose end packets were all lost is closed after this much silence.
const LOST_END_TIMEOUT_MS = 250;
// Ended events remembered, so late or retransmitted packets of them are ignored.
const REMEMBERED = 8;

/**
 * Folds the packet stream of RFC 4733 §2.5.2 into events. An event is named by its RTP timestamp
 * (its start), which every packet of it repeats: the (up to three) end packets, retransmitted
 * updates and reordered packets of an event already reported are dropped by that timestamp.
 */
export class TelephoneEventReceiver {
  readonly #listener: TelephoneEventListener;
  #active = false;
  #event = 0;
  #timestamp = 0;
  #duration = 0;
  #lastPacketMs = 0;
  readonly #ended = new Float64Array(REMEMBERED).fill(-1);
  #endedNext = 0;

  constructor(listener: TelephoneEventListener) {
    this.#listener = listener;
  }

  /** Returns false for a payload that is not a telephone-event (too short). */
  onPacket(
    payload: Uint8Array,
    offset: number,
    length: number,
    timestamp: number,
    nowMs: number,
  ): boolean {
    if (length < TELEPHONE_EVENT_SIZE) return false;
    const event = payload[offset]!;
    const end = (payload[offset + 1]! & 0x80) !== 0;
    const duration = (payload[offset + 2]! << 8) | payload[offset + 3]!;
    const digit = digitOfEvent(event);
    if (digit === undefined) return true; // not DTMF (RFC 4733 §3.2 has more events); ignored
    if (this.#wasReported(timestamp)) return true;
    if (this.#active && timestamp === this.#timestamp) {
      if (duration > this.#duration) this.#duration = duration;
      this.#lastPacketMs = nowMs;
      if (end) this.#finish();
      return true;
    }
    // A packet of an event older than the current one (reordered): ignore it.
    if (this.#active && timestampDelta(this.#timestamp, timestamp) < 0) return true;
    if (this.#active) this.#finish();
    this.#active = true;
    this.#event = event;
    this.#timestamp = timestamp;
    this.#duration = duration;
    this.#lastPacketMs = nowMs;
    this.#listener.onStart(digit, timestamp);
    if (end) this.#finish();
    return true;
  }

  /** Called from the worker's tick: closes an event whose end never came. */
  poll(nowMs: number): void {
    if (this.#active && nowMs - this.#lastPacketMs > LOST_END_TIMEOUT_MS) this.#finish();
  }

  #wasReported(timestamp: number): boolean {
    for (let i = 0; i < REMEMBERED; i++) if (this.#ended[i] === timestamp) return true;
    return false;
  }

  #finish(): void {
    this.#active = false;
    this.#ended[this.#endedNext] = this.#timestamp;
    this.#endedNext = (this.#endedNext + 1) % REMEMBERED;
    this.#listener.onEnd(digitOfEvent(this.#event) ?? '?', this.#timestamp, this.#duration);
  }
}
