// Recording a prompt by phone: Hotline calls the administrator's extension,
// asks them to speak after the tone, records until they press # (or hang up,
// or the time runs out), and stores the recording as the prompt — the same
// way an upload is stored. One small state machine per recording.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor, PromptService } from '../api/index.ts';
import {
  HotlineError,
  StateMachine,
  type ClockScheduler,
  type Logger,
  type TimerHandle,
  type TransitionTable,
} from '../platform/index.ts';
import type { LegId, TelephonyCommand, TelephonyEvent } from '../telephony/index.ts';

export const promptRecordingStates = [
  'calling',
  'instructing',
  'recording',
  'saving',
  'done',
] as const;
type State = (typeof promptRecordingStates)[number];
type Move = 'answered' | 'instructed' | 'stop' | 'saved' | 'end';

/** How long a finished recording stays visible through the API. */
const KEEP_DONE_MS = 3_600_000;
/** How long after its leg ended a recording's file may take to be reported. */
const LOST_RECORDING_MS = 10_000;

const table: TransitionTable<State, Move> = {
  calling: { answered: 'instructing', end: 'done' },
  instructing: { instructed: 'recording', end: 'done' },
  recording: { stop: 'saving', end: 'saving' },
  saving: { saved: 'done', end: 'saving' },
  done: {},
};

export interface PhoneRecording {
  id: string;
  language: string;
  name: string;
  extension: string;
  state: State;
  /** Set when it ended without a prompt: why. */
  error?: string;
  durationMs?: number;
}

interface Session extends PhoneRecording {
  legId: LegId;
  actor: Actor;
  machine: StateMachine<State, Move>;
  timer?: TimerHandle;
  path: string;
}

export class PhonePromptRecorder {
  readonly #deps: {
    clock: ClockScheduler;
    logger: Logger;
    prompts: PromptService;
    execute: (command: TelephonyCommand) => void;
    newId: () => string;
    workDir: string;
    maxRecordingMs: number;
    ringTimeoutMs: number;
  };
  readonly #byLeg = new Map<LegId, Session>();
  readonly #byRecording = new Map<string, Session>();
  readonly #all = new Map<string, Session>();

  constructor(deps: {
    clock: ClockScheduler;
    logger: Logger;
    prompts: PromptService;
    execute: (command: TelephonyCommand) => void;
    newId: () => string;
    workDir: string;
    maxRecordingMs?: number;
    ringTimeoutMs?: number;
  }) {
    this.#deps = { maxRecordingMs: 120_000, ringTimeoutMs: 30_000, ...deps };
  }

  /** Whether an event belongs to a recording call (the runtime routes it here, not to calls). */
  owns(event: TelephonyEvent): boolean {
    if (event.type === 'recording.finished') return this.#byRecording.has(event.recordingId);
    return 'legId' in event && this.#byLeg.has(event.legId);
  }

  status(id: string): PhoneRecording | undefined {
    const s = this.#all.get(id);
    return s && view(s);
  }

  /** Calls the extension and records the prompt; returns at once with the recording's id. */
  start(
    actor: Actor,
    input: { language: string; name: string; extension: string },
  ): PhoneRecording {
    // Checked up front, so a bad name is refused before a phone rings.
    this.#deps.prompts.checkTarget(input.language, input.name, 'body');
    if (!/^[0-9]{2,10}$/.test(input.extension))
      throw new HotlineError('invalid-input', `"${input.extension}" is not an extension number.`, {
        field: 'body.extension',
      });
    const id = this.#deps.newId();
    const session: Session = {
      id,
      ...input,
      state: 'calling',
      legId: this.#deps.newId(),
      actor,
      machine: new StateMachine(table, 'calling', (_from, _move, to) => {
        session.state = to;
        // Kept an hour for the administrator to see how it went, then forgotten.
        if (to === 'done') this.#deps.clock.after(KEEP_DONE_MS, () => this.#all.delete(id));
      }),
      path: join(this.#deps.workDir, `prompt-${id}.wav`),
    };
    this.#all.set(id, session);
    this.#byLeg.set(session.legId, session);
    this.#deps.execute({
      type: 'leg.originate',
      legId: session.legId,
      target: { kind: 'extension', extension: input.extension },
      from: { number: 'prompts', displayName: 'Hotline prompt recording' },
      timeoutMs: this.#deps.ringTimeoutMs,
    });
    return view(session);
  }

  handle(event: TelephonyEvent): void {
    if (event.type === 'recording.finished') {
      const s = this.#byRecording.get(event.recordingId);
      if (!s) return;
      this.#byRecording.delete(event.recordingId);
      void this.#save(s, event.path, event.durationMs);
      return;
    }
    if (!('legId' in event)) return;
    const s = this.#byLeg.get(event.legId);
    if (!s) return;
    switch (event.type) {
      case 'leg.answered':
        if (s.machine.transition('answered'))
          this.#play(s, 'instruct', [
            { kind: 'prompt', name: 'record-prompt' },
            { kind: 'silence', ms: 300 },
          ]);
        return;
      case 'leg.play.finished':
        if (event.playId === `instruct-${s.id}` && s.machine.transition('instructed')) {
          this.#deps.execute({
            type: 'recording.start',
            recordingId: s.id,
            path: s.path,
            customer: s.legId,
          });
          this.#byRecording.set(s.id, s);
          s.timer = this.#deps.clock.after(this.#deps.maxRecordingMs, () => this.#stop(s));
        } else if (event.playId === `saved-${s.id}`) {
          this.#deps.execute({ type: 'leg.hangup', legId: s.legId });
        }
        return;
      case 'leg.dtmf':
        if (event.digit === '#' && s.state === 'recording') this.#stop(s);
        return;
      case 'leg.ended':
        this.#byLeg.delete(s.legId);
        s.timer?.cancel();
        if (s.state === 'recording' || s.state === 'saving') {
          // The recording ends with the leg; if its file never comes (recording failed to
          // start), give up rather than stay in 'saving' forever.
          s.timer = this.#deps.clock.after(LOST_RECORDING_MS, () => {
            if (!this.#byRecording.delete(s.id)) return;
            s.error = 'the recording was lost';
            s.machine.transition('saved');
          });
        }
        if (s.state === 'calling' || s.state === 'instructing') {
          s.error =
            s.state === 'calling'
              ? `the extension did not answer (${event.cause})`
              : 'hung up before recording';
        }
        // A hang-up while recording ends the recording: what was said is kept (like a voicemail).
        s.machine.transition('end');
        return;
      default:
        return;
    }
  }

  /** Hangs up every recording call in progress and forgets finished ones (shutdown). */
  stop(): void {
    for (const s of this.#byLeg.values())
      this.#deps.execute({ type: 'leg.hangup', legId: s.legId });
    for (const s of this.#all.values()) s.timer?.cancel();
    this.#byLeg.clear();
    this.#byRecording.clear();
  }

  #stop(s: Session): void {
    if (!s.machine.transition('stop')) return;
    s.timer?.cancel();
    this.#deps.execute({ type: 'recording.stop', recordingId: s.id });
  }

  #play(
    s: Session,
    kind: 'instruct' | 'saved',
    prompts: Extract<TelephonyCommand, { type: 'leg.play' }>['prompts'],
  ): void {
    this.#deps.execute({
      type: 'leg.play',
      legId: s.legId,
      playId: `${kind}-${s.id}`,
      prompts,
      language: s.language,
      bargeIn: false,
    });
  }

  async #save(s: Session, path: string, durationMs: number): Promise<void> {
    try {
      if (durationMs < 300) throw new HotlineError('invalid-input', 'Nothing was recorded.');
      const wav = await readFile(path);
      const entry = await this.#deps.prompts.upload(s.actor, {
        language: s.language,
        name: s.name,
        format: 'wav',
        data: wav,
        via: 'phone',
      });
      s.durationMs = entry.durationMs ?? durationMs;
      if (this.#byLeg.has(s.legId))
        this.#play(s, 'saved', [{ kind: 'prompt', name: 'prompt-saved' }]);
    } catch (error) {
      s.error = error instanceof Error ? error.message : String(error);
      this.#deps.logger.warn(
        { err: error, recording: s.id },
        'a prompt recorded by phone was not saved',
      );
      if (this.#byLeg.has(s.legId)) this.#deps.execute({ type: 'leg.hangup', legId: s.legId });
    } finally {
      s.machine.transition('saved');
      await rm(path, { force: true });
    }
  }
}

function view(s: Session): PhoneRecording {
  const out: PhoneRecording = {
    id: s.id,
    language: s.language,
    name: s.name,
    extension: s.extension,
    state: s.state,
  };
  if (s.error !== undefined) out.error = s.error;
  if (s.durationMs !== undefined) out.durationMs = s.durationMs;
  return out;
}
