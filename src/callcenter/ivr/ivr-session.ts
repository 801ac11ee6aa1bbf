// The IVR interpreter for one leg: runs a validated flow node by node, issuing telephony
// commands and fed its leg's telephony events. Pure and clock-driven (ARCHITECTURE.md).
import { StateMachine, TypedEmitter, type Clock, type Scheduler } from '../../platform/index.ts';
import type { LegId, TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import type { Language } from '../prompts/index.ts';
import type { Flow } from './flow-schema.ts';
import type { IvrEnd, IvrOutcome } from './ivr-outcome.ts';
import { SessionEnded, type NodeReport, type NodeResult } from './node-context.ts';
import { nodeType } from './node-types.ts';
import {
  NodeScope,
  typeAhead,
  type IvrLookups,
  type IvrSchedules,
  type RecordingEntry,
  type ScopeHost,
} from './node-scope.ts';
import type { TemplateScope, VarValue, Vars } from './templates.ts';

export interface IvrCall {
  callId: string;
  caller: { number: string };
  /** The number the caller dialed. */
  dialed: string;
  /** The language to start in. Default zh. */
  language?: Language;
}

export interface IvrSessionOptions {
  /** A flow that passed validateFlow. */
  flow: Flow;
  legId: LegId;
  call: IvrCall;
  clock: Clock & Scheduler;
  execute: (command: TelephonyCommand) => void;
  lookups: IvrLookups;
  /** The named schedules `schedule` nodes refer to. Default: none. */
  schedules?: IvrSchedules;
  /** Ids for plays and recordings. */
  newId: () => string;
  recordingPath: (recordingId: string) => string;
  /** Another validated flow, for a transfer into it. */
  loadFlow?: (name: string) => Flow | Promise<Flow>;
  /** Node visits allowed before the session gives up (a loop guard beside validation). Default 200. */
  maxSteps?: number;
  /** How long to wait for `recording.finished` after `recording.stop`. Default 10000. */
  recordingFinishTimeoutMs?: number;
  /** Starting variables (e.g. what the call model knows about the caller). */
  vars?: Vars;
}

/** What the session reports as it goes, for the call's IVR path events. */
export type IvrProgress = { at: number } & (
  | {
      type: 'node.entered';
      flow: string;
      nodeId: string;
      nodeType: string;
      /** The self-service the node gives the caller (its `selfService`). */
      selfService?: string;
    }
  | { type: 'var.set'; name: string; value: VarValue }
  | { type: 'language.set'; language: Language }
  | { type: 'node.failed'; nodeId: string; message: string }
  | ({ nodeId: string } & (NodeReport | { type: 'play-failed'; playId: string }))
);

export const IVR_SESSION_STATES = ['idle', 'running', 'ending', 'finished'] as const;
export type IvrSessionState = (typeof IVR_SESSION_STATES)[number];
type SessionEvent = 'start' | 'end' | 'finish';

/** ending: the caller hung up or the owner stopped; the node in hand is winding down. */
export const IVR_SESSION_TRANSITIONS = {
  idle: { start: 'running', finish: 'finished' },
  running: { end: 'ending', finish: 'finished' },
  ending: { finish: 'finished' },
  finished: {},
} as const satisfies { [S in IvrSessionState]: { [E in SessionEvent]?: IvrSessionState } };

export class IvrSession {
  readonly finished: Promise<IvrOutcome>;
  readonly #options: IvrSessionOptions;
  readonly #state = new StateMachine<IvrSessionState, SessionEvent>(
    IVR_SESSION_TRANSITIONS,
    'idle',
  );
  readonly #emitter = new TypedEmitter<{ progress: IvrProgress; finished: IvrOutcome }>();
  readonly #host: ScopeHost;
  readonly #path: string[] = [];
  #resolveFinished!: (outcome: IvrOutcome) => void;
  #scope: NodeScope | undefined;
  #ended: SessionEnded | undefined;
  #outcome: IvrOutcome | undefined;

  constructor(options: IvrSessionOptions) {
    this.#options = options;
    this.finished = new Promise((resolve) => (this.#resolveFinished = resolve));
    const vars: Vars = { ...options.vars };
    const progress = (p: DistributiveOmit<IvrProgress, 'at'>) => this.#progress(p);
    this.#host = {
      legId: options.legId,
      clock: options.clock,
      lookups: options.lookups,
      schedules: options.schedules ?? { get: () => undefined },
      recordingFinishTimeoutMs: options.recordingFinishTimeoutMs ?? 10_000,
      recordings: new Map<string, RecordingEntry>(),
      typeAhead: [],
      vars,
      language: options.call.language ?? 'zh',
      execute: options.execute,
      newId: options.newId,
      recordingPath: options.recordingPath,
      setVar(name, value) {
        vars[name] = value;
        progress({ type: 'var.set', name, value });
      },
      setLanguage(language) {
        this.language = language;
        progress({ type: 'language.set', language });
      },
      templateScope: (): TemplateScope => ({
        vars,
        caller: options.call.caller,
        call: { callId: options.call.callId, dialed: options.call.dialed },
        language: this.#host.language,
      }),
      report: (nodeId, report) => this.#progress({ ...report, nodeId }),
    };
  }

  get state(): IvrSessionState {
    return this.#state.state;
  }

  /** The outcome once finished. */
  get outcome(): IvrOutcome | undefined {
    return this.#outcome;
  }

  onProgress(listener: (progress: IvrProgress) => void): () => void {
    return this.#emitter.on('progress', listener);
  }

  /** Called once with the outcome (at once if already finished). */
  onFinished(listener: (outcome: IvrOutcome) => void): () => void {
    if (this.#outcome) {
      listener(this.#outcome);
      return () => {};
    }
    return this.#emitter.once('finished', listener);
  }

  /** Runs the flow from its start node. The leg must be answered. */
  start(): void {
    if (this.#state.transition('start') === undefined)
      throw new Error(`IVR session already ${this.state}`);
    this.#run().catch((error: unknown) => {
      // Only a throwing execute() or listener gets here; the caller must not be left in silence.
      const message = error instanceof Error ? error.message : String(error);
      this.#finish({ kind: 'hangup', by: 'flow', reason: `the IVR failed: ${message}` });
    });
  }

  /** Feeds one telephony event; events of other legs are ignored. */
  handle(event: TelephonyEvent): void {
    if (this.state === 'finished') return;
    switch (event.type) {
      case 'leg.dtmf':
        if (event.legId !== this.#options.legId || this.state !== 'running') return;
        if (this.#scope) this.#scope.digit(event.digit);
        else typeAhead(this.#host.typeAhead, event.digit);
        return;
      case 'leg.play.finished':
        if (event.legId === this.#options.legId)
          this.#scope?.playFinished(event.playId, event.reason);
        return;
      case 'recording.finished':
        this.#host.recordings.get(event.recordingId)?.settle({
          path: event.path,
          durationMs: event.durationMs,
          reason: event.reason,
        });
        return;
      case 'leg.ended':
        if (event.legId === this.#options.legId) this.#end(new SessionEnded('caller'));
        return;
      default:
        return;
    }
  }

  /** Stops the IVR (the owner takes the leg back): everything released, outcome `stopped`. Idempotent. */
  stop(): void {
    this.#end(new SessionEnded('owner'));
  }

  #end(ended: SessionEnded): void {
    if (this.state === 'idle') return this.#finish(endOf(ended));
    if (this.#state.transition('end') === undefined) return;
    this.#ended = ended;
    if (this.#scope) this.#scope.release(ended);
    // Between nodes (loading a flow) there is nothing to wind down.
    else this.#finish(endOf(ended));
  }

  async #run(): Promise<void> {
    let flow = this.#options.flow;
    let nodeId = flow.start;
    const maxSteps = this.#options.maxSteps ?? 200;
    for (let step = 1; ; step++) {
      if (this.#ended) return this.#finish(endOf(this.#ended));
      if (step > maxSteps) return this.#hangUp(`step budget of ${maxSteps} node visits spent`);
      const node = flow.nodes[nodeId];
      if (!node) return this.#hangUp(`flow ${flow.name} has no node ${nodeId}`);
      this.#path.push(flow === this.#options.flow ? nodeId : `${flow.name}:${nodeId}`);
      this.#progress({
        type: 'node.entered',
        flow: flow.name,
        nodeId,
        nodeType: node.type,
        ...(node.selfService !== undefined ? { selfService: node.selfService } : {}),
      });
      const scope = new NodeScope(this.#host, nodeId);
      this.#scope = scope;
      let result: NodeResult;
      try {
        result = await nodeType(node.type).run(node, scope);
      } catch (error) {
        if (error instanceof SessionEnded) return this.#finish(endOf(error));
        const message = error instanceof Error ? error.message : String(error);
        this.#progress({ type: 'node.failed', nodeId, message });
        // A bug or a dependency that failed: hang up rather than leave the caller in silence.
        return this.#ended
          ? this.#finish(endOf(this.#ended))
          : this.#hangUp(`node ${nodeId} failed: ${message}`);
      } finally {
        scope.release();
        this.#scope = undefined;
      }
      if ('end' in result) return this.#finish(result.end);
      if (this.#ended) return this.#finish(endOf(this.#ended));
      if ('flow' in result) {
        const next = await this.#loadFlow(result.flow);
        if (this.state === 'finished') return;
        if (!next) return this.#hangUp(`flow ${result.flow} could not be loaded`);
        flow = next;
        nodeId = flow.start;
      } else nodeId = result.next;
    }
  }

  async #loadFlow(name: string): Promise<Flow | undefined> {
    try {
      return await this.#options.loadFlow?.(name);
    } catch (error) {
      this.#progress({
        type: 'node.failed',
        nodeId: name,
        message: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  #hangUp(reason: string): void {
    if (this.state === 'finished') return;
    this.#options.execute({ type: 'leg.hangup', legId: this.#options.legId });
    this.#finish({ kind: 'hangup', by: 'flow', reason });
  }

  #finish(end: IvrEnd): void {
    if (this.#state.transition('finish') === undefined) return;
    this.#scope?.release(this.#ended ?? new SessionEnded('owner'));
    // A recording whose finished event never came (after stop()) holds nothing past the end.
    for (const entry of this.#host.recordings.values()) entry.guard?.cancel();
    this.#host.recordings.clear();
    this.#outcome = {
      ...end,
      path: [...this.#path],
      vars: { ...this.#host.vars },
      language: this.#host.language,
    };
    this.#resolveFinished(this.#outcome);
    this.#emitter.emit('finished', this.#outcome);
  }

  #progress(progress: DistributiveOmit<IvrProgress, 'at'>): void {
    this.#emitter.emit('progress', { ...progress, at: this.#options.clock.now() });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function endOf(ended: SessionEnded): IvrEnd {
  return ended.by === 'caller' ? { kind: 'hangup', by: 'caller' } : { kind: 'stopped' };
}
