// Playback of decoded prompts, one 20 ms frame per tick: playlists, loop, files still growing, and the bookkeeping play.finished reports.
import { FRAME_SAMPLES, SAMPLE_RATE } from './audio-codec.ts';
import type { GrowingWav } from './growing-wav.ts';
import { closeClips } from './play-files.ts';

/** A prompt decoded whole, or a file still being written (streamed TTS). */
export type PlayerClip = Int16Array | GrowingWav;

/** What one tick got: a frame to send, nothing yet (a growing file's writer is behind), or the end. */
export type PlayerStep = 'audio' | 'wait' | 'end';

export interface PlayerInit {
  readonly playId: string;
  readonly clips: readonly PlayerClip[];
  readonly loop: boolean;
  readonly stopOnDtmf: boolean;
}

/**
 * A growing file that neither grows nor completes for this long (30 s, in frames) is given up:
 * its writer is gone (the main thread never said complete or failed).
 */
export const MAX_WAIT_FRAMES = 1500;

/**
 * Hands out the clips' samples frame by frame. The last frame of the list is padded with silence;
 * a looping list wraps around inside a frame, so hold music has no gap at the seam. A growing clip
 * that has no whole frame on disk yet makes the player wait: the tick sends nothing, the clock
 * keeps going, and the frame comes when the writer catches up.
 */
export class Player {
  readonly playId: string;
  readonly stopOnDtmf: boolean;
  readonly #clips: readonly PlayerClip[];
  readonly #loop: boolean;
  #clip = 0;
  #position = 0;
  #framesPlayed = 0;
  #waitFrames = 0;
  #done = false;
  #failure: string | undefined;

  constructor(init: PlayerInit) {
    this.playId = init.playId;
    this.stopOnDtmf = init.stopOnDtmf;
    this.#clips = init.clips;
    this.#loop = init.loop;
    // A list of empty clips would loop forever without producing anything.
    if (this.#clips.every((c) => c instanceof Int16Array && c.length === 0)) this.#done = true;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Why the playback ended early: a growing file failed or stalled. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Audio sent, in ms: frames waited for a growing file do not count. */
  get playedMs(): number {
    return (this.#framesPlayed * FRAME_SAMPLES * 1000) / SAMPLE_RATE;
  }

  /** Fills `out` with the next frame ('audio'); on 'wait' and 'end' `out` holds nothing to send. */
  next(out: Int16Array): PlayerStep {
    if (this.#done) return 'end';
    const failed = this.#growingFailure();
    if (failed !== undefined) return this.#fail(failed);
    let filled = 0;
    let sinceWrap = -1;
    while (filled < FRAME_SAMPLES) {
      const clip = this.#clips[this.#clip];
      if (clip === undefined) {
        // A wrap that took nothing since the last one: every clip is empty.
        if (this.#loop && sinceWrap !== filled) {
          sinceWrap = filled;
          this.#clip = 0;
          this.#position = 0;
          for (const c of this.#clips) if (!(c instanceof Int16Array)) c.rewind();
          continue;
        }
        this.#done = true;
        // A growing clip learns it is over a tick late: no frame of padding alone for that.
        if (filled === 0) return 'end';
        out.fill(0, filled, FRAME_SAMPLES);
        break;
      }
      const want = FRAME_SAMPLES - filled;
      if (clip instanceof Int16Array) {
        const take = Math.min(want, clip.length - this.#position);
        out.set(clip.subarray(this.#position, this.#position + take), filled);
        filled += take;
        this.#position += take;
        if (this.#position >= clip.length) {
          this.#clip++;
          this.#position = 0;
        }
        continue;
      }
      clip.poll();
      if (clip.available < want && !clip.allRead) {
        if (filled > 0) {
          // The clip before ended inside this frame: the rest of it is silence, not a wait.
          out.fill(0, filled, FRAME_SAMPLES);
          break;
        }
        if (++this.#waitFrames > MAX_WAIT_FRAMES)
          return this.#fail(`${clip.path} stopped growing before it was complete`);
        return 'wait';
      }
      filled += clip.take(out, filled, want);
      if (clip.ended) this.#clip++;
    }
    this.#waitFrames = 0;
    if (!this.#loop && this.#clip >= this.#clips.length) this.#done = true;
    this.#framesPlayed++;
    return 'audio';
  }

  /** A growing file is complete at `bytes` (its final size): the playback ends at its true end. */
  sourceComplete(path: string, bytes: number): void {
    for (const clip of this.#clips)
      if (!(clip instanceof Int16Array) && clip.path === path) clip.complete(bytes);
  }

  /** A growing file will not be completed (its render failed): the playback ends on the next tick. */
  sourceFailed(path: string, why: string): void {
    for (const clip of this.#clips)
      if (!(clip instanceof Int16Array) && clip.path === path) clip.fail(why);
  }

  /** Lets go of the growing files. */
  close(): void {
    closeClips(this.#clips);
  }

  #growingFailure(): string | undefined {
    for (const clip of this.#clips)
      if (!(clip instanceof Int16Array) && clip.failure !== undefined) return clip.failure;
    return undefined;
  }

  #fail(why: string): PlayerStep {
    this.#failure = why;
    this.#done = true;
    return 'end';
  }
}
