// In-band DTMF detection (ITU-T Q.24 style) with Goertzel filters on 8 kHz audio: energy, twist and purity checks.
import { DTMF_COLUMNS, DTMF_ROWS, digitAt } from './dtmf-digits.ts';

const RATE = 8000;
// 20 ms windows give 50 Hz resolution, enough for the 73 Hz between adjacent rows, and are
// evaluated every 10 ms so a 40 ms tone always fills two whole windows wherever it starts.
const WINDOW = 160;
const HOP = 80;
const FREQUENCIES = [...DTMF_ROWS, ...DTMF_COLUMNS];
const COEFFICIENTS = FREQUENCIES.map((f) => 2 * Math.cos((2 * Math.PI * f) / RATE));

export interface DtmfDetectorOptions {
  /** Weakest accepted tone amplitude (of 32767). Default 150 (about -47 dBFS). */
  readonly minAmplitude?: number;
  /** Share of the window's energy the two tones must carry. Default 0.7. */
  readonly minPurity?: number;
  /** Q.24: column tone up to 4 dB above the row tone (reverse twist). */
  readonly maxReverseTwistDb?: number;
  /** Q.24: column tone up to 8 dB below the row tone (normal twist). */
  readonly maxNormalTwistDb?: number;
}

export interface DtmfDetectorListener {
  /** Sample positions count the samples given to `process` since the detector was made. */
  onStart(digit: string, startSample: number): void;
  onEnd(digit: string, startSample: number, durationSamples: number): void;
}

/**
 * Feeds on decoded audio, reports each tone once. A digit starts after two consecutive windows
 * (about 30-40 ms of tone) agree, and ends after two windows (a 20 ms gap) without it.
 */
export class DtmfDetector {
  readonly #listener: DtmfDetectorListener;
  readonly #minToneEnergy: number;
  readonly #minPurity: number;
  readonly #maxReverseTwist: number;
  readonly #maxNormalTwist: number;
  readonly #window = new Float32Array(WINDOW);
  readonly #powers = new Float64Array(8);
  #filled = 0;
  #head = 0;
  #sinceHop = 0;
  #position = 0;
  #candidate: string | undefined;
  #candidateStart = 0;
  #current: string | undefined;
  #currentStart = 0;
  #currentEnd = 0;
  #misses = 0;

  constructor(listener: DtmfDetectorListener, options: DtmfDetectorOptions = {}) {
    this.#listener = listener;
    const amplitude = options.minAmplitude ?? 150;
    // A sinusoid of amplitude A carries N * A^2 / 2 of energy over N samples.
    this.#minToneEnergy = (WINDOW * amplitude * amplitude) / 2;
    this.#minPurity = options.minPurity ?? 0.7;
    this.#maxReverseTwist = 10 ** ((options.maxReverseTwistDb ?? 4) / 10);
    this.#maxNormalTwist = 10 ** ((options.maxNormalTwistDb ?? 8) / 10);
  }

  process(samples: Int16Array, offset: number, count: number): void {
    const window = this.#window;
    for (let i = 0; i < count; i++) {
      // A ring: #head is the oldest sample once the window is full.
      window[this.#head] = samples[offset + i]!;
      this.#head = this.#head + 1 === WINDOW ? 0 : this.#head + 1;
      if (this.#filled < WINDOW) this.#filled++;
      this.#position++;
      if (this.#filled === WINDOW && ++this.#sinceHop >= HOP) {
        this.#sinceHop = 0;
        this.#decide(this.#analyse(), this.#position - WINDOW);
      }
    }
  }

  /** Ends a digit in progress (the stream stopped); call before discarding the detector. */
  flush(): void {
    if (this.#current !== undefined) this.#end();
  }

  #analyse(): string | undefined {
    const window = this.#window;
    const head = this.#head;
    let energy = 0;
    for (let i = 0; i < WINDOW; i++) energy += window[i]! * window[i]!;
    if (energy < this.#minToneEnergy * 2) return undefined;
    const powers = this.#powers;
    for (let f = 0; f < 8; f++) {
      const coefficient = COEFFICIENTS[f]!;
      let s1 = 0;
      let s2 = 0;
      // Oldest sample first: from the ring's head to its end, then from its start.
      for (let i = head; i < WINDOW; i++) {
        const s = window[i]! + coefficient * s1 - s2;
        s2 = s1;
        s1 = s;
      }
      for (let i = 0; i < head; i++) {
        const s = window[i]! + coefficient * s1 - s2;
        s2 = s1;
        s1 = s;
      }
      // |X(f)|^2, scaled to the energy of the sinusoid it stands for (2|X|^2 / N).
      powers[f] = ((s1 * s1 + s2 * s2 - coefficient * s1 * s2) * 2) / WINDOW;
    }
    const row = strongest(powers, 0);
    const column = strongest(powers, 4);
    const rowPower = powers[row]!;
    const columnPower = powers[4 + column]!;
    if (rowPower < this.#minToneEnergy || columnPower < this.#minToneEnergy) return undefined;
    if (columnPower > rowPower * this.#maxReverseTwist) return undefined;
    if (rowPower > columnPower * this.#maxNormalTwist) return undefined;
    // Each tone must stand 8 dB clear of the others in its group (speech has many peaks).
    for (let i = 0; i < 4; i++) {
      if (i !== row && powers[i]! * 6.3 > rowPower) return undefined;
      if (i !== column && powers[4 + i]! * 6.3 > columnPower) return undefined;
    }
    if (rowPower + columnPower < energy * this.#minPurity) return undefined;
    return digitAt(row, column);
  }

  #decide(digit: string | undefined, windowStart: number): void {
    if (this.#current !== undefined) {
      if (digit === this.#current) {
        this.#misses = 0;
        this.#currentEnd = windowStart + WINDOW;
        return;
      }
      if (++this.#misses < 2 && digit === undefined) return;
      this.#end();
    }
    if (digit === undefined) {
      this.#candidate = undefined;
      return;
    }
    if (digit !== this.#candidate) {
      this.#candidate = digit;
      this.#candidateStart = windowStart;
      return;
    }
    this.#current = digit;
    this.#currentStart = this.#candidateStart;
    this.#currentEnd = windowStart + WINDOW;
    this.#candidate = undefined;
    this.#misses = 0;
    this.#listener.onStart(digit, this.#currentStart);
  }

  #end(): void {
    const digit = this.#current!;
    this.#current = undefined;
    this.#misses = 0;
    this.#listener.onEnd(digit, this.#currentStart, this.#currentEnd - this.#currentStart);
  }
}

function strongest(powers: Float64Array, from: number): number {
  let best = 0;
  for (let i = 1; i < 4; i++) if (powers[from + i]! > powers[from + best]!) best = i;
  return best;
}
