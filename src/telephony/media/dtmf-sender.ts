// Sends DTMF digits tick by tick: RFC 4733 event packets (start, updates, three end packets) or Q.23 tones in the audio.
import { FRAME_SAMPLES, SAMPLE_RATE } from './audio-codec.ts';
import { eventOfDigit, frequenciesOf } from './dtmf-digits.ts';

/** -10 dBm0 per tone, inside Q.24's accepted range; the RFC 4733 volume field says the same. */
export const DTMF_VOLUME_DBM0 = 10;
// G.711 u-law peaks at +3.17 dBm0 (32124), so a 0 dBm0 sine peaks near 22,300 and -10 dBm0 near 7,050.
const TONE_AMPLITUDE = 7050;

/** Writes `count` samples of two summed sines, phase-continuous from sample `start` of the tone. */
export function writeDualTone(
  out: Int16Array,
  offset: number,
  count: number,
  lowHz: number,
  highHz: number,
  amplitude: number,
  start: number,
): void {
  const wl = (2 * Math.PI * lowHz) / SAMPLE_RATE;
  const wh = (2 * Math.PI * highHz) / SAMPLE_RATE;
  for (let i = 0; i < count; i++) {
    const n = start + i;
    out[offset + i] = Math.round(amplitude * (Math.sin(wl * n) + Math.sin(wh * n)));
  }
}

/**
 * What one tick asks the endpoint to send. idle: nothing queued, other sources may send; event:
 * one RFC 4733 packet as `event`, `end`, `duration`, `first` describe; audio: the frame written
 * into the caller's buffer (tone or the silence between tones); quiet: between digits, send nothing.
 */
export type DtmfTick = 'idle' | 'event' | 'audio' | 'quiet';

interface Digit {
  readonly event: number;
  readonly low: number;
  readonly high: number;
}

/**
 * One digit at a time. RFC 4733 §2.5.1: the first packet carries the marker bit, updates follow
 * every tick with the duration so far, and the end packet is sent three times (one per tick) with
 * the E bit and the final duration; all share the event's start timestamp.
 */
export class DtmfSender {
  #digits: Digit[] = [];
  #index = 0;
  #mode: 'rfc4733' | 'inband' = 'rfc4733';
  #durationSamples = 0;
  #gapTicks = 0;
  #tick = 0;
  #label = '';
  /** For Event ticks: the packet to send. */
  event = 0;
  end = false;
  duration = 0;
  first = false;

  get busy(): boolean {
    return this.#index < this.#digits.length;
  }

  /** The digits being sent, reported with dtmf.sent when done. */
  get label(): string {
    return this.#label;
  }

  /** Replaces whatever was queued. `digits` must be valid DTMF (0-9 * # A-D). */
  start(digits: string, durationMs: number, gapMs: number, mode: 'rfc4733' | 'inband'): void {
    this.#digits = [...digits].map((d) => {
      const [low, high] = frequenciesOf(d) ?? [0, 0];
      return { event: eventOfDigit(d) ?? 0, low, high };
    });
    this.#label = digits;
    this.#index = 0;
    this.#mode = mode;
    // Durations in whole frames: every tick sends one update (RFC 4733 §2.5.1.2).
    this.#durationSamples = Math.max(1, Math.round(durationMs / 20)) * FRAME_SAMPLES;
    this.#gapTicks = Math.max(0, Math.round(gapMs / 20));
    this.#tick = 0;
  }

  cancel(): void {
    this.#digits = [];
    this.#index = 0;
  }

  /** Advances one 20 ms tick. For Audio ticks the frame is written into `frame`. */
  next(frame: Int16Array): DtmfTick {
    const digit = this.#digits[this.#index];
    if (digit === undefined) return 'idle';
    const toneTicks = this.#durationSamples / FRAME_SAMPLES;
    const tick = this.#tick++;
    // rfc4733: tone ticks, then two more end retransmissions (the first end is the last tone
    // tick), then the gap; inband: tone ticks, then the gap as silence.
    const tailTicks = this.#mode === 'rfc4733' ? 2 : 0;
    const total = toneTicks + tailTicks + this.#gapTicks;
    if (tick + 1 >= total) {
      this.#index++;
      this.#tick = 0;
    }
    if (this.#mode === 'inband') {
      if (tick < toneTicks) {
        writeDualTone(
          frame,
          0,
          FRAME_SAMPLES,
          digit.low,
          digit.high,
          TONE_AMPLITUDE,
          tick * FRAME_SAMPLES,
        );
      } else frame.fill(0);
      return 'audio';
    }
    if (tick >= toneTicks + tailTicks) return 'quiet';
    this.event = digit.event;
    this.first = tick === 0;
    this.duration = Math.min((tick + 1) * FRAME_SAMPLES, this.#durationSamples);
    this.end = tick >= toneTicks - 1;
    return 'event';
  }
}
