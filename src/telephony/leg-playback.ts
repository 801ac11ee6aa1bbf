// Playback on legs: which play each leg is doing now (so leg.play.stop stops only that one),
// prompts resolved to files before the worker plays them (TTS while it renders), and the
// worker's play.finished told to the core in its words.
import type { MediaPort, PlayFinishedEvent } from './media/index.ts';
import type { LegHost } from './leg-host.ts';
import type { LegMedia } from './leg-media.ts';
import type {
  GrowingPromptFile,
  LegId,
  PromptResolver,
  ResolvedPrompt,
  TelephonyCommand,
} from './telephony-port.ts';

export class LegPlayback {
  readonly #host: LegHost;
  readonly #media: MediaPort;
  readonly #endpoints: LegMedia;
  readonly #prompts: PromptResolver | undefined;
  /** The playback each leg is doing now (its playId), for leg.play.stop. */
  readonly #playing = new Map<LegId, string>();

  constructor(
    host: LegHost,
    deps: { media: MediaPort; endpoints: LegMedia; prompts: PromptResolver | undefined },
  ) {
    this.#host = host;
    this.#media = deps.media;
    this.#endpoints = deps.endpoints;
    this.#prompts = deps.prompts;
  }

  async play(command: Extract<TelephonyCommand, { type: 'leg.play' }>): Promise<void> {
    const host = this.#host;
    const { legId, playId } = command;
    const finished = (reason: 'failed', playedMs = 0) =>
      host.emit({
        type: 'leg.play.finished',
        legId,
        playId,
        reason,
        playedMs,
        at: host.clock.now(),
      });
    const resolver = this.#prompts;
    if (!resolver) {
      host.logger.warn({ legId }, 'leg.play without a prompt resolver');
      return finished('failed');
    }
    this.#playing.set(legId, playId);
    let files: ResolvedPrompt[];
    try {
      files = resolver.resolveStreaming
        ? await resolver.resolveStreaming(command.prompts, command.language)
        : await resolver.resolve(command.prompts, command.language);
    } catch (error) {
      host.logger.warn({ err: error, legId, playId }, 'prompts could not be resolved');
      if (this.#playing.get(legId) === playId) this.#playing.delete(legId);
      return finished('failed');
    }
    const growing = files.filter((f): f is GrowingPromptFile => typeof f !== 'string');
    try {
      const leg = host.leg(legId);
      // Superseded while the files were resolved, or the leg is gone: nothing to play.
      if (!leg || leg.ended || this.#playing.get(legId) !== playId) return;
      await this.#endpoints.of(legId);
      if (this.#playing.get(legId) !== playId) return; // stopped or superseded meanwhile
      await this.#media.request({
        type: 'play',
        endpointId: legId,
        playId,
        files: files.map((f) => (typeof f === 'string' ? f : { path: f.path, growing: true })),
        ...(command.loop ? { loop: true } : {}),
        ...(command.bargeIn ? { stopOnDtmf: true } : {}),
      });
    } finally {
      // The worker has opened the growing files (or never will): their renders may move them.
      for (const file of growing) file.release();
    }
    for (const path of new Set(growing.map((f) => f.path)))
      this.#follow(legId, path, growing.find((f) => f.path === path)!.complete);
  }

  /** Tells the worker where a growing file ends once its render is done, or that it failed. */
  #follow(legId: LegId, path: string, complete: Promise<number>): void {
    const tell = (
      command: { type: 'play.source.complete'; bytes: number } | { type: 'play.source.failed' },
    ) =>
      // The playback may have ended, or the leg with it: nothing is reading the file any more.
      this.#media.request({ ...command, endpointId: legId, path }).catch((error: unknown) => {
        this.#host.logger.debug(
          { err: error, legId, path },
          'growing prompt outlived its playback',
        );
      });
    void complete.then(
      (bytes) => tell({ type: 'play.source.complete', bytes }),
      () => tell({ type: 'play.source.failed' }),
    );
  }

  async stop(command: Extract<TelephonyCommand, { type: 'leg.play.stop' }>): Promise<void> {
    // Only the playback asked for: a newer one on the same leg keeps playing.
    if (this.#playing.get(command.legId) !== command.playId) return;
    // Forgotten first: a play still resolving its files sees it was stopped and never starts.
    this.#playing.delete(command.legId);
    await this.#media.request({ type: 'play.stop', endpointId: command.legId });
  }

  /** The worker's play.finished, told to the core as leg.play.finished. */
  finished(e: PlayFinishedEvent): void {
    const host = this.#host;
    // A play replaced by a newer one with the same id (hold music restarted) is still the current one.
    if (e.reason !== 'replaced' && this.#playing.get(e.endpointId) === e.playId)
      this.#playing.delete(e.endpointId);
    const leg = host.leg(e.endpointId);
    // A play that ended with its leg tells nobody: the leg's end says it all.
    if (!leg || leg.ended || e.reason === 'destroyed') return;
    const reason =
      e.reason === 'completed'
        ? 'finished'
        : e.reason === 'dtmf'
          ? 'dtmf'
          : e.reason === 'error'
            ? 'failed'
            : 'stopped';
    host.emit({
      type: 'leg.play.finished',
      legId: leg.id,
      playId: e.playId,
      reason,
      playedMs: e.playedMs,
      ...(e.digit !== undefined ? { digit: e.digit } : {}),
      at: host.clock.now(),
    });
  }

  /** The leg ended: nothing plays on it any more. */
  released(legId: LegId): void {
    this.#playing.delete(legId);
  }
}
