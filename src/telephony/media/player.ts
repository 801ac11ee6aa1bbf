// Playback of decoded prompts, one 20 ms frame per tick: playlists, loop, and the bookkeeping play.finished reports.
import { FRAME_SAMPLES, SAMPLE_RATE } from './audio-codec.ts';

export interface PlayerInit {
  readonly playId: string;
  readonly clips: readonly Int16Array[];
  readonly loop: boolean;
  readonly stopOnDtmf: boolean;
}

/**
 * Hands out the clips' samples frame by frame. The last frame of the list is padded with silence;
 * a looping list wraps around inside a frame, so hold music has no gap at the seam.
 */
export class Player {
  readonly playId: string;
  readonly stopOnDtmf: boolean;
  readonly #clips: readonly Int16Array[];
  readonly #loop: boolean;
  #clip = 0;
  #position = 0;
  #framesPlayed = 0;
  #done = false;

  constructor(init: PlayerInit) {
    this.playId = init.playId;
    this.stopOnDtmf = init.stopOnDtmf;
    this.#clips = init.clips;
    this.#loop = init.loop;
    // A list of empty clips would loop forever without producing anything.
    if (this.#clips.every((c) => c.length === 0)) this.#done = true;
  }

  get done(): boolean {
    return this.#done;
  }

  get playedMs(): number {
    return (this.#framesPlayed * FRAME_SAMPLES * 1000) / SAMPLE_RATE;
  }

  /** Fills `out` with the next frame; false (and `out` untouched) once the list has ended. */
  next(out: Int16Array): boolean {
    if (this.#done) return false;
    let filled = 0;
    while (filled < FRAME_SAMPLES) {
      const clip = this.#clips[this.#clip];
      if (clip === undefined) {
        if (this.#loop) {
          this.#clip = 0;
          this.#position = 0;
          continue;
        }
        out.fill(0, filled, FRAME_SAMPLES);
        this.#done = true;
        break;
      }
      const take = Math.min(FRAME_SAMPLES - filled, clip.length - this.#position);
      out.set(clip.subarray(this.#position, this.#position + take), filled);
      filled += take;
      this.#position += take;
      if (this.#position >= clip.length) {
        this.#clip++;
        this.#position = 0;
      }
    }
    if (!this.#loop && this.#clip >= this.#clips.length) this.#done = true;
    this.#framesPlayed++;
    return true;
  }
}
