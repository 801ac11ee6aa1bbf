// N-party audio mixing for conferences and supervisors: each seat hears the sum of the seats that are heard by it.
import { FRAME_SAMPLES } from './audio-codec.ts';
import type { MixerMode } from './media-commands.ts';
import { TimelineBuffer } from './timeline-buffer.ts';

/** One endpoint's place in a mixer; the endpoint writes `input` and sends `output`. */
export interface MixerSeat {
  readonly endpointId: string;
  mode: MixerMode;
  whisperTo: ReadonlySet<string>;
  readonly input: TimelineBuffer;
  readonly inFrame: Int16Array;
  inAudible: boolean;
  readonly output: Int16Array;
  /** Whether `output` holds anything to send this tick. */
  audible: boolean;
}

/** Does `listener` hear `speaker`? full and barge: everyone; listen: nobody; whisper: its targets. */
export function hears(listener: MixerSeat, speaker: MixerSeat): boolean {
  if (listener === speaker) return false;
  switch (speaker.mode) {
    case 'full':
    case 'barge':
      return true;
    case 'listen':
      return false;
    case 'whisper':
      return speaker.whisperTo.has(listener.endpointId);
  }
}

export class Mixer {
  readonly id: string;
  readonly callId: string;
  readonly seats = new Map<string, MixerSeat>();
  readonly #sum = new Int32Array(FRAME_SAMPLES);

  constructor(id: string, callId: string) {
    this.id = id;
    this.callId = callId;
  }

  /** Seats an endpoint, or changes the mode of one seated already. */
  seat(endpointId: string, mode: MixerMode, whisperTo: readonly string[] = []): MixerSeat {
    const existing = this.seats.get(endpointId);
    if (existing !== undefined) {
      existing.mode = mode;
      existing.whisperTo = new Set(whisperTo);
      return existing;
    }
    const seat: MixerSeat = {
      endpointId,
      mode,
      whisperTo: new Set(whisperTo),
      // 40 ms of jitter allowance: a conference favours low delay over a perfect timeline.
      input: new TimelineBuffer({ delayFrames: 2, capacityFrames: 25 }),
      inFrame: new Int16Array(FRAME_SAMPLES),
      inAudible: false,
      output: new Int16Array(FRAME_SAMPLES),
      audible: false,
    };
    this.seats.set(endpointId, seat);
    return seat;
  }

  unseat(endpointId: string): MixerSeat | undefined {
    const seat = this.seats.get(endpointId);
    this.seats.delete(endpointId);
    return seat;
  }

  /** Reads every seat's input frame, then builds each seat's output from the seats it hears. */
  tick(): void {
    for (const seat of this.seats.values()) seat.inAudible = seat.input.take(seat.inFrame);
    const sum = this.#sum;
    for (const listener of this.seats.values()) {
      sum.fill(0);
      let audible = false;
      for (const speaker of this.seats.values()) {
        if (!speaker.inAudible || !hears(listener, speaker)) continue;
        audible = true;
        const frame = speaker.inFrame;
        for (let i = 0; i < FRAME_SAMPLES; i++) sum[i]! += frame[i]!;
      }
      listener.audible = audible;
      if (!audible) continue;
      const out = listener.output;
      // Hard clipping: with a handful of talkers a sum rarely exceeds 16 bits, and when it does
      // briefly, clipping is less audible than the pumping of an automatic gain.
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const v = sum[i]!;
        out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
  }
}
