// One node visit's context: the plays, timers, digit reads, lookups and recordings it started,
// all released in one place when the visit ends, the caller hangs up or the owner stops the IVR.
import type { Clock, Scheduler, TimerHandle } from '../../platform/index.ts';
import type { LegId, PromptRef, TelephonyCommand } from '../../telephony/index.ts';
import { sayPrompts, type Language, type SayKind } from '../prompts/index.ts';
import type { BusinessHours } from './business-hours.ts';
import type { PromptSpec } from './flow-fields.ts';
import {
  SessionEnded,
  type DigitsRead,
  type LookupResult,
  type NodeContext,
  type NodeReport,
  type PlayEnd,
  type ReadDigitsOptions,
  type Recording,
  type RecordingResult,
} from './node-context.ts';
import { isHotlineError } from '../../platform/index.ts';
import { renderTemplate, type TemplateScope, type VarValue, type Vars } from './templates.ts';

/** The business functions and webhooks `lookup` nodes call; the app provides them. */
export interface IvrLookups {
  call(
    name: string,
    params: Record<string, string>,
    options: { timeoutMs: number; signal: AbortSignal },
  ): Promise<Record<string, VarValue>>;
}

/**
 * The named schedules `schedule` nodes refer to; the app provides them. Asked at every visit,
 * so a schedule changed while calls run applies to the next caller who passes the node.
 */
export interface IvrSchedules {
  get(name: string): BusinessHours | undefined;
}

/** A recording in flight; kept by the session so its `recording.finished` is heard after a hang-up. */
export interface RecordingEntry {
  startedAt: number;
  path: string;
  settle(result: RecordingResult): void;
  guard?: TimerHandle;
}

/** What a scope needs from its session. */
export interface ScopeHost {
  readonly legId: LegId;
  readonly clock: Clock & Scheduler;
  readonly lookups: IvrLookups;
  readonly schedules: IvrSchedules;
  readonly recordingFinishTimeoutMs: number;
  readonly recordings: Map<string, RecordingEntry>;
  /** Digits typed ahead, oldest first. */
  readonly typeAhead: string[];
  readonly vars: Vars;
  language: Language;
  execute(command: TelephonyCommand): void;
  newId(): string;
  recordingPath(recordingId: string): string;
  setVar(name: string, value: VarValue): void;
  setLanguage(language: Language): void;
  templateScope(): TemplateScope;
  report(nodeId: string, report: NodeReport | { type: 'play-failed'; playId: string }): void;
}

interface ActivePlay {
  playId: string;
  bargeIn: boolean;
  resolve(end: PlayEnd): void;
  reject(error: SessionEnded): void;
}

export class NodeScope implements NodeContext {
  readonly nodeId: string;
  readonly #host: ScopeHost;
  #ended: SessionEnded | undefined;
  #released = false;
  #play: ActivePlay | undefined;
  #digitListener: ((digit: string) => void) | undefined;
  readonly #timers = new Set<TimerHandle>();
  /** Rejecters of everything pending (digit reads, lookups, plays). */
  readonly #pending = new Set<(error: SessionEnded) => void>();
  readonly #recordings = new Set<() => void>();

  constructor(host: ScopeHost, nodeId: string) {
    this.#host = host;
    this.nodeId = nodeId;
  }

  get language(): Language {
    return this.#host.language;
  }

  get vars(): Readonly<Vars> {
    return this.#host.vars;
  }

  setLanguage(language: Language): void {
    this.#alive();
    this.#host.setLanguage(language);
  }

  setVar(name: string, value: VarValue): void {
    this.#alive();
    this.#host.setVar(name, value);
  }

  render(template: string): string {
    return renderTemplate(template, this.#host.templateScope());
  }

  now(): number {
    return this.#host.clock.now();
  }

  schedule(name: string): BusinessHours | undefined {
    return this.#host.schedules.get(name);
  }

  prompts(specs: readonly PromptSpec[]): PromptRef[] {
    return specs.flatMap((spec): PromptRef[] => {
      if (spec.prompt !== undefined) return [{ kind: 'prompt', name: spec.prompt }];
      if (spec.tts !== undefined) return [{ kind: 'tts', text: this.render(spec.tts) }];
      if (spec.silenceMs !== undefined) return [{ kind: 'silence', ms: spec.silenceMs }];
      if (spec.say === undefined) return [];
      const value = this.render(spec.value ?? '');
      try {
        return this.say(spec.say, value);
      } catch (error) {
        if (!isHotlineError(error)) throw error;
        // One value that cannot be spoken should not silence the rest of the sentence.
        this.report({ type: 'say-failed', kind: spec.say, value, message: error.message });
        return [];
      }
    });
  }

  say(kind: SayKind, value: string): PromptRef[] {
    return sayPrompts(kind, value, this.#host.language);
  }

  play(prompts: readonly PromptRef[], options: { bargeIn: boolean }): Promise<PlayEnd> {
    this.#alive();
    if (prompts.length === 0) return Promise.resolve('finished');
    // Type-ahead: a caller who already pressed keys has moved on; do not make them listen.
    if (options.bargeIn && this.#host.typeAhead.length > 0) return Promise.resolve('dtmf');
    const playId = this.#host.newId();
    return new Promise<PlayEnd>((resolve, reject) => {
      const play: ActivePlay = { playId, bargeIn: options.bargeIn, resolve, reject };
      this.#play = play;
      this.#pending.add(reject);
      play.resolve = (end) => {
        this.#pending.delete(reject);
        this.#play = undefined;
        resolve(end);
      };
      this.#host.execute({
        type: 'leg.play',
        legId: this.#host.legId,
        playId,
        prompts,
        language: this.#host.language,
        bargeIn: options.bargeIn,
      });
    });
  }

  readDigits(options: ReadDigitsOptions): Promise<DigitsRead> {
    this.#alive();
    return new Promise<DigitsRead>((resolve, reject) => {
      let digits = '';
      let done = false;
      let timer: TimerHandle | undefined;
      const finish = (terminated: boolean) => {
        done = true;
        if (timer) this.#cancel(timer);
        this.#digitListener = undefined;
        this.#pending.delete(reject);
        resolve({ digits, terminated });
      };
      const arm = (ms: number) => {
        if (timer) this.#cancel(timer);
        timer = this.#after(ms, () => finish(false));
      };
      const onDigit = (digit: string) => {
        if (options.terminator !== undefined && digit === options.terminator) return finish(true);
        digits += digit;
        // With a terminator the caller was told to end with it: at maxDigits keep waiting for it
        // (or the inter-digit timeout), so it is not left over to cut the next prompt short. A
        // digit past maxDigits ends the read with an entry too long for the node to accept.
        if (digits.length > options.maxDigits) return finish(false);
        if (digits.length === options.maxDigits && options.terminator === undefined)
          return finish(false);
        arm(options.interDigitTimeoutMs);
      };
      this.#pending.add(reject);
      const typeAhead = this.#host.typeAhead;
      while (!done && typeAhead.length > 0) onDigit(typeAhead.shift() as string);
      if (done) return;
      this.#digitListener = onDigit;
      if (!timer) arm(options.firstDigitTimeoutMs);
      void options.until?.then(() => {
        if (!done && !this.#released) finish(false);
      });
    });
  }

  lookup(name: string, params: Record<string, string>, timeoutMs: number): Promise<LookupResult> {
    this.#alive();
    const controller = new AbortController();
    return new Promise<LookupResult>((resolve, reject) => {
      let done = false;
      const settle = (result: LookupResult) => {
        if (done) return;
        done = true;
        this.#cancel(timer);
        this.#pending.delete(abandon);
        resolve(result);
      };
      const abandon = (error: SessionEnded) => {
        done = true;
        controller.abort(error);
        reject(error);
      };
      this.#pending.add(abandon);
      // The timeout is ours (the scheduler's), whatever the lookup does with its own.
      const timer = this.#after(timeoutMs, () => {
        controller.abort(new Error(`lookup ${name} timed out`));
        settle({ ok: false, reason: 'timeout', message: `no answer within ${timeoutMs} ms` });
      });
      let answer: Promise<Record<string, VarValue>>;
      try {
        answer = this.#host.lookups.call(name, params, { timeoutMs, signal: controller.signal });
      } catch (error) {
        answer = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      answer.then(
        (result) => settle(checkResult(result)),
        (error: unknown) =>
          settle({
            ok: false,
            reason: 'error',
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    });
  }

  record(): Recording {
    this.#alive();
    const host = this.#host;
    const recordingId = host.newId();
    const path = host.recordingPath(recordingId);
    let settle!: (result: RecordingResult) => void;
    const finished = new Promise<RecordingResult>((resolve) => (settle = resolve));
    const entry: RecordingEntry = {
      startedAt: host.clock.now(),
      path,
      settle: (result) => {
        entry.guard?.cancel();
        host.recordings.delete(recordingId);
        settle(result);
      },
    };
    host.recordings.set(recordingId, entry);
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      this.#recordings.delete(stop);
      if (!host.recordings.has(recordingId)) return;
      // The telephony owes us recording.finished; a lost one must not hold the session forever.
      // Armed before the command, in case the answer comes back within execute().
      entry.guard = host.clock.after(host.recordingFinishTimeoutMs, () =>
        entry.settle({ path, durationMs: host.clock.now() - entry.startedAt, reason: 'lost' }),
      );
      host.execute({ type: 'recording.stop', recordingId });
    };
    this.#recordings.add(stop);
    host.execute({ type: 'recording.start', recordingId, path, customer: host.legId });
    return { recordingId, stop, finished };
  }

  hangup(): void {
    this.#alive();
    this.#host.execute({ type: 'leg.hangup', legId: this.#host.legId });
  }

  report(report: NodeReport): void {
    this.#host.report(this.nodeId, report);
  }

  /** A digit from the caller: to the read in progress, dropped during a prompt without barge-in, or typed ahead. */
  digit(digit: string): void {
    if (this.#play && !this.#play.bargeIn) return;
    if (this.#digitListener) this.#digitListener(digit);
    else typeAhead(this.#host.typeAhead, digit);
  }

  /** `leg.play.finished` for this scope's play; false when it is not ours. */
  playFinished(playId: string, reason: PlayEnd): boolean {
    const play = this.#play;
    if (!play || play.playId !== playId) return false;
    if (reason === 'failed') this.#host.report(this.nodeId, { type: 'play-failed', playId });
    play.resolve(reason);
    return true;
  }

  /**
   * Releases what the visit started: stops the play and recordings, cancels timers, aborts
   * lookups and, when the session ended, rejects what the node awaits. Idempotent.
   */
  release(ended?: SessionEnded): void {
    if (ended && !this.#ended) this.#ended = ended;
    if (this.#released) return;
    this.#released = true;
    if (this.#play)
      this.#host.execute({
        type: 'leg.play.stop',
        legId: this.#host.legId,
        playId: this.#play.playId,
      });
    this.#play = undefined;
    this.#digitListener = undefined;
    for (const stop of [...this.#recordings]) stop();
    for (const timer of this.#timers) timer.cancel();
    this.#timers.clear();
    const error = this.#ended ?? new SessionEnded('owner');
    for (const reject of [...this.#pending]) reject(error);
    this.#pending.clear();
  }

  #alive(): void {
    if (this.#ended) throw this.#ended;
    if (this.#released)
      throw new Error(`node ${this.nodeId} used its context after its visit ended`);
  }

  #after(ms: number, fn: () => void): TimerHandle {
    const handle = this.#host.clock.after(ms, () => {
      this.#timers.delete(handle);
      fn();
    });
    this.#timers.add(handle);
    return handle;
  }

  #cancel(timer: TimerHandle): void {
    timer.cancel();
    this.#timers.delete(timer);
  }
}

/** Keys typed ahead are kept up to a limit: a flood of DTMF must not grow memory without end. */
export const TYPE_AHEAD_LIMIT = 32;

export function typeAhead(buffer: string[], digit: string): void {
  buffer.push(digit);
  if (buffer.length > TYPE_AHEAD_LIMIT) buffer.shift();
}

/** A lookup's answer must be flat: names to strings, numbers or booleans. */
function checkResult(result: unknown): LookupResult {
  if (typeof result !== 'object' || result === null || Array.isArray(result))
    return {
      ok: false,
      reason: 'error',
      message: 'the lookup answered something other than an object',
    };
  const flat: Record<string, VarValue> = {};
  for (const [key, value] of Object.entries(result)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return {
        ok: false,
        reason: 'error',
        message: `the lookup's field ${key} is not a string, number or boolean`,
      };
    flat[key] = value;
  }
  return { ok: true, result: flat };
}
