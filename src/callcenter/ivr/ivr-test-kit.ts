// A simulated telephony for one IVR leg, for tests: records the commands the session issues,
// lets a test press keys, finish plays and recordings, and hang up, on a FakeClock.
import { FakeClock } from '../../platform/index.ts';
import type { PromptRef, TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import { isKnownPrompt, type Language } from '../prompts/index.ts';
import type { BusinessHours } from './business-hours.ts';
import type { KnownNames } from './flow-graph.ts';
import type { Flow } from './flow-schema.ts';
import type { IvrOutcome } from './ivr-outcome.ts';
import { IvrSession, type IvrProgress, type IvrSessionOptions } from './ivr-session.ts';
import type { VarValue } from './templates.ts';
import { validateFlow } from './validate-flow.ts';

type PlayCommand = Extract<TelephonyCommand, { type: 'leg.play' }>;
type LookupFn = (
  params: Record<string, string>,
  options: { timeoutMs: number; signal: AbortSignal },
) => Promise<Record<string, VarValue>>;

/** Names a test flow may use: the real prompt catalogue, a few queues, flows and lookups. */
export const TEST_KNOWN: KnownNames = {
  prompts: isKnownPrompt,
  queues: (name) => ['flights', 'hotels', 'travel', 'complaints', 'general', 'vip'].includes(name),
  flows: (name) => ['demo-hotline', 'other'].includes(name),
  lookups: (name) => ['flight-status', 'customer', 'slow'].includes(name),
  schedules: (name) => ['business-hours', 'support'].includes(name),
};

/** Validates a test flow or fails with every error, so a broken fixture says why. */
export function testFlow(doc: unknown, known: KnownNames = TEST_KNOWN): Flow {
  const result = validateFlow(doc, known);
  if (!result.ok)
    throw new Error(
      `test flow invalid:\n${result.errors.map((e) => `${e.field}: ${e.message}`).join('\n')}`,
    );
  return result.flow;
}

export interface IvrTestKitOptions {
  flow: Flow;
  /** Wall clock at start. Default 2026-01-05 10:00 in Shanghai (a Monday, business hours). */
  start?: number | Date;
  language?: Language;
  callerNumber?: string;
  lookups?: Record<string, LookupFn>;
  /** The named schedules, by name (read at each visit: a test may change them between calls). */
  schedules?: Record<string, BusinessHours>;
  loadFlow?: IvrSessionOptions['loadFlow'];
  maxSteps?: number;
  /** Whether `recording.stop` is answered with `recording.finished` (as the media engine does). Default true. */
  answerRecordingStop?: boolean;
}

export class IvrTestKit {
  readonly clock: FakeClock;
  readonly commands: TelephonyCommand[] = [];
  readonly progress: IvrProgress[] = [];
  readonly session: IvrSession;
  readonly legId = 'leg-1';
  /** Lookup calls made, with the signal each was given. */
  readonly lookupCalls: { name: string; params: Record<string, string>; signal: AbortSignal }[] =
    [];
  readonly #active = new Map<string, PlayCommand>();
  readonly #recordings = new Map<string, { startedAt: number; path: string }>();
  readonly #answerRecordingStop: boolean;
  #ids = 0;

  constructor(options: IvrTestKitOptions) {
    this.clock = new FakeClock(options.start ?? Date.UTC(2026, 0, 5, 2, 0, 0));
    this.#answerRecordingStop = options.answerRecordingStop ?? true;
    const lookups = options.lookups ?? {};
    this.session = new IvrSession({
      flow: options.flow,
      legId: this.legId,
      call: {
        callId: 'call-1',
        caller: { number: options.callerNumber ?? '13800138000' },
        dialed: '4008001000',
        language: options.language,
      },
      clock: this.clock,
      execute: (command) => this.#execute(command),
      lookups: {
        call: (name, params, opts) => {
          this.lookupCalls.push({ name, params, signal: opts.signal });
          const fn = lookups[name];
          return fn
            ? fn(params, opts)
            : Promise.reject(new Error(`no lookup ${name} in this test`));
        },
      },
      schedules: { get: (name) => options.schedules?.[name] },
      newId: () => `id-${++this.#ids}`,
      recordingPath: (id) => `/data/recordings/${id}.wav`,
      loadFlow: options.loadFlow,
      maxSteps: options.maxSteps,
    });
    this.session.onProgress((p) => this.progress.push(p));
  }

  /** Lets promise chains run to their next wait (the session is event-driven over promises). */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async start(): Promise<void> {
    this.session.start();
    await this.settle();
  }

  /** The play in progress, if any. */
  get playing(): PlayCommand | undefined {
    return [...this.#active.values()].at(-1);
  }

  /** Names (or `tts:`/`silence:`) of the prompts of the play in progress. */
  get hearing(): string[] {
    return this.playing ? describe(this.playing.prompts) : [];
  }

  /** Every play so far, described. */
  get played(): string[][] {
    return this.commands
      .filter((c): c is PlayCommand => c.type === 'leg.play')
      .map((c) => describe(c.prompts));
  }

  /** Ends the play in progress as the media engine would, and returns what it played. */
  async finishPlay(reason: 'finished' | 'failed' = 'finished'): Promise<string[]> {
    const play = this.playing;
    if (!play)
      throw new Error(`nothing is playing (last command: ${JSON.stringify(this.commands.at(-1))})`);
    this.#active.delete(play.playId);
    this.#emit({
      type: 'leg.play.finished',
      legId: this.legId,
      playId: play.playId,
      reason,
      playedMs: 1000,
      at: this.clock.now(),
    });
    await this.settle();
    return describe(play.prompts);
  }

  /** Finishes plays until the session waits for something else; returns what was heard. */
  async listen(): Promise<string[][]> {
    const heard: string[][] = [];
    while (this.playing) heard.push(await this.finishPlay());
    return heard;
  }

  /**
   * Presses keys, each apart or all together. During a barge-in play the first key stops it: `leg.dtmf` then
   * `leg.play.finished` reason `dtmf`, as the telephony port reports it.
   */
  async press(keys: string, options: { together?: boolean } = {}): Promise<void> {
    for (const digit of keys) {
      this.#emit({
        type: 'leg.dtmf',
        legId: this.legId,
        digit,
        via: 'rfc4733',
        at: this.clock.now(),
      });
      const play = this.playing;
      if (play?.bargeIn) {
        this.#active.delete(play.playId);
        this.#emit({
          type: 'leg.play.finished',
          legId: this.legId,
          playId: play.playId,
          reason: 'dtmf',
          digit,
          playedMs: 300,
          at: this.clock.now(),
        });
      }
      // Apart, the session hears each key before the next (a person typing); together, all
      // arrive before it runs (a burst from the network).
      if (!options.together) await this.settle();
    }
    await this.settle();
  }

  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.settle();
  }

  async hangUp(): Promise<void> {
    this.#emit({
      type: 'leg.ended',
      legId: this.legId,
      cause: 'normal',
      by: 'remote',
      at: this.clock.now(),
    });
    await this.settle();
  }

  /** Finishes a recording from the media side (e.g. the engine's own failure). */
  async finishRecording(
    recordingId: string,
    reason: 'stopped' | 'endpoint-destroyed' | 'error' = 'stopped',
  ) {
    this.#emit(this.#recordingFinished(recordingId, reason));
    await this.settle();
  }

  /** The recordings started and not finished. */
  get recording(): string[] {
    return [...this.#recordings.keys()];
  }

  commandsOf<T extends TelephonyCommand['type']>(
    type: T,
  ): Extract<TelephonyCommand, { type: T }>[] {
    return this.commands.filter(
      (c): c is Extract<TelephonyCommand, { type: T }> => c.type === type,
    );
  }

  /** The outcome, failing the test when the session has not finished. */
  get outcome(): IvrOutcome {
    const outcome = this.session.outcome;
    if (!outcome)
      throw new Error(
        `the session has not finished (state ${this.session.state}; hearing ${this.hearing.join(', ')})`,
      );
    return outcome;
  }

  #emit(event: TelephonyEvent): void {
    this.session.handle(event);
  }

  #recordingFinished(
    recordingId: string,
    reason: 'stopped' | 'endpoint-destroyed' | 'error',
  ): TelephonyEvent {
    const rec = this.#recordings.get(recordingId);
    if (!rec) throw new Error(`no recording ${recordingId}`);
    this.#recordings.delete(recordingId);
    const now = this.clock.now();
    return {
      type: 'recording.finished',
      recordingId,
      path: rec.path,
      startedAt: rec.startedAt,
      durationMs: now - rec.startedAt,
      bytes: 16 * (now - rec.startedAt),
      channels: 1,
      reason,
      at: now,
    };
  }

  #execute(command: TelephonyCommand): void {
    this.commands.push(command);
    switch (command.type) {
      case 'leg.play':
        this.#active.set(command.playId, command);
        return;
      case 'leg.play.stop':
        // The engine answers with leg.play.finished 'stopped', later than the command.
        if (this.#active.delete(command.playId)) {
          const event: TelephonyEvent = {
            type: 'leg.play.finished',
            legId: command.legId,
            playId: command.playId,
            reason: 'stopped',
            playedMs: 100,
            at: this.clock.now(),
          };
          queueMicrotask(() => this.#emit(event));
        }
        return;
      case 'leg.hangup': {
        const event: TelephonyEvent = {
          type: 'leg.ended',
          legId: command.legId,
          cause: 'local',
          by: 'local',
          at: this.clock.now(),
        };
        queueMicrotask(() => this.#emit(event));
        return;
      }
      case 'recording.start':
        this.#recordings.set(command.recordingId, {
          startedAt: this.clock.now(),
          path: command.path,
        });
        return;
      case 'recording.stop':
        if (this.#answerRecordingStop && this.#recordings.has(command.recordingId)) {
          const event = this.#recordingFinished(command.recordingId, 'stopped');
          queueMicrotask(() => this.#emit(event));
        }
        return;
      default:
        return;
    }
  }
}

function describe(prompts: readonly PromptRef[]): string[] {
  return prompts.map((p) =>
    p.kind === 'prompt'
      ? p.name
      : p.kind === 'tts'
        ? `tts:${p.text}`
        : p.kind === 'silence'
          ? `silence:${p.ms}`
          : `file:${p.path}`,
  );
}

/** A test flow document from its nodes (validated by `testFlow`); it starts at the first node. */
export function flowOf(nodes: Record<string, unknown>, name = 'test'): Flow {
  return testFlow({ schemaVersion: 1, name, start: Object.keys(nodes)[0], nodes });
}

/** A kit running a flow made of these nodes, started. */
export async function runNodes(
  nodes: Record<string, unknown>,
  options: Omit<IvrTestKitOptions, 'flow'> = {},
): Promise<IvrTestKit> {
  const kit = new IvrTestKit({ ...options, flow: flowOf(nodes) });
  await kit.start();
  return kit;
}
