// The first routing the core does before IVR and queues exist: an extension
// calls another extension (the B2BUA rings it and bridges both legs), or a
// test number that answers and hangs up after a while. Pure and
// clock-driven: it hears TelephonyEvents and issues TelephonyCommands.
import type { Clock, Scheduler, TimerHandle } from '../../platform/index.ts';
import type {
  LegId,
  OriginateTarget,
  TelephonyCommand,
  TelephonyEvent,
} from '../../telephony/index.ts';

export interface BasicRouterOptions {
  clock: Clock & Scheduler;
  execute: (command: TelephonyCommand) => void;
  /** Whether a number is a known extension (registered or not). */
  isExtension: (number: string) => boolean;
  /** Numbers that answer and hang up after `answerTestHoldMs` (a line check for phones and load tests). */
  answerTestNumbers: readonly string[];
  answerTestHoldMs: number;
  /** Numbers that answer, record what the caller sends, and hang up like the answer test. */
  recordTestNumbers: readonly string[];
  /** Where the recording of a record-test leg goes. */
  recordingPath: (legId: LegId) => string;
  /** How long an extension rings before the caller hears busy/no-answer. */
  ringTimeoutMs: number;
  newLegId: () => LegId;
  /**
   * Calls from extensions to numbers that are no extension go out through this trunk when they
   * match `pattern` (the toll-fraud guard: an allow-list of what may be dialed out).
   */
  outbound?: { trunk: string; pattern: RegExp };
}

interface Pair {
  a: LegId;
  b: LegId;
  answered: boolean;
}

export class BasicCallRouter {
  readonly #options: BasicRouterOptions;
  /** For each leg of a bridged call, its pair. */
  readonly #pairs = new Map<LegId, Pair>();
  /** Answer-test legs and the timer that ends them. */
  readonly #tests = new Map<LegId, TimerHandle | undefined>();
  /** Record-test legs (a subset of the tests) and their recording. */
  readonly #recorded = new Map<LegId, string>();

  constructor(options: BasicRouterOptions) {
    this.#options = options;
  }

  /** Calls in progress (legs this router is responsible for). */
  get activeLegs(): number {
    return this.#pairs.size + this.#tests.size;
  }

  handle(event: TelephonyEvent): void {
    switch (event.type) {
      case 'leg.offered':
        return this.#offered(event);
      case 'leg.ringing': {
        const pair = this.#pairs.get(event.legId);
        if (pair && pair.b === event.legId)
          this.#options.execute({ type: 'leg.ring', legId: pair.a });
        return;
      }
      case 'leg.answered':
        return this.#answered(event.legId);
      case 'leg.ended':
        return this.#ended(event.legId, event.cause);
      default:
        return;
    }
  }

  #offered(event: Extract<TelephonyEvent, { type: 'leg.offered' }>): void {
    const { execute } = this.#options;
    const record = this.#options.recordTestNumbers.includes(event.to);
    if (record || this.#options.answerTestNumbers.includes(event.to)) {
      this.#tests.set(event.legId, undefined);
      if (record) this.#recorded.set(event.legId, `test-${event.legId}`);
      execute({ type: 'leg.answer', legId: event.legId });
      return;
    }
    if (event.source.kind !== 'extension' && event.source.kind !== 'trunk') {
      execute({ type: 'leg.reject', legId: event.legId, reason: 'forbidden' });
      return;
    }
    const target = this.#targetOf(event);
    if (!target) {
      execute({ type: 'leg.reject', legId: event.legId, reason: 'not-found' });
      return;
    }
    const b = this.#options.newLegId();
    const pair: Pair = { a: event.legId, b, answered: false };
    this.#pairs.set(pair.a, pair);
    this.#pairs.set(pair.b, pair);
    execute({
      type: 'leg.originate',
      legId: b,
      callId: event.legId,
      target,
      from: event.from,
      timeoutMs: this.#options.ringTimeoutMs,
    });
  }

  /**
   * An extension, or a number through the outbound trunk. Toll fraud: only an extension that
   * proved itself (digest) may reach a trunk, never a trunk's caller (no hairpinning carrier to
   * carrier), and only numbers the allow pattern admits.
   */
  #targetOf(event: Extract<TelephonyEvent, { type: 'leg.offered' }>): OriginateTarget | undefined {
    if (this.#options.isExtension(event.to)) return { kind: 'extension', extension: event.to };
    const outbound = this.#options.outbound;
    if (outbound && event.source.kind === 'extension' && outbound.pattern.test(event.to))
      return { kind: 'trunk', trunk: outbound.trunk, number: event.to };
    return undefined;
  }

  #answered(legId: LegId): void {
    if (this.#tests.has(legId)) {
      const recordingId = this.#recorded.get(legId);
      if (recordingId) {
        this.#options.execute({
          type: 'recording.start',
          recordingId,
          path: this.#options.recordingPath(legId),
          customer: legId,
        });
      }
      const timer = this.#options.clock.after(this.#options.answerTestHoldMs, () =>
        this.#options.execute({ type: 'leg.hangup', legId }),
      );
      this.#tests.set(legId, timer);
      return;
    }
    const pair = this.#pairs.get(legId);
    if (!pair || pair.b !== legId || pair.answered) return;
    pair.answered = true;
    this.#options.execute({ type: 'leg.answer', legId: pair.a });
    this.#options.execute({ type: 'legs.bridge', a: pair.a, b: pair.b });
  }

  #ended(legId: LegId, cause: Extract<TelephonyEvent, { type: 'leg.ended' }>['cause']): void {
    if (this.#tests.has(legId)) {
      this.#tests.get(legId)?.cancel();
      this.#tests.delete(legId);
      // Ending the leg destroys its endpoint, which ends the recording (record.finished follows).
      this.#recorded.delete(legId);
      return;
    }
    const pair = this.#pairs.get(legId);
    if (!pair) return;
    this.#pairs.delete(pair.a);
    this.#pairs.delete(pair.b);
    const other = legId === pair.a ? pair.b : pair.a;
    if (legId === pair.b && !pair.answered) {
      // The callee never answered: tell the caller why.
      const reason = cause === 'busy' ? 'busy' : cause === 'rejected' ? 'declined' : 'unavailable';
      this.#options.execute({ type: 'leg.reject', legId: other, reason });
    } else {
      this.#options.execute({ type: 'leg.hangup', legId: other });
    }
  }
}
