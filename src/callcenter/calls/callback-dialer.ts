// Calling customers back when their kept place reaches the front: the ACD
// reserves an agent and asks for the call; the agent's leg is rung first,
// then, once the agent answers, the customer's through the outbound trunk;
// both are bridged. What each leg did goes back to the ACD (answered, no
// answer, busy), which decides on retries and the agent's after-call work.
import type { Acd, AcdCommand } from '../acd/index.ts';
import type { LegId, TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';

type CallbackCommand = Extract<AcdCommand, { type: 'callback' }>;

interface Attempt {
  callId: string;
  agentLeg: LegId;
  customerLeg: LegId | undefined;
  state: 'agent-ringing' | 'customer-ringing' | 'connected' | 'done';
  command: CallbackCommand;
}

/** How much longer SIP lets a leg ring than the ACD's own timeout for it. */
const RING_MARGIN_MS = 5000;

export class CallbackDialer {
  readonly #acd: Acd;
  readonly #execute: (command: TelephonyCommand) => void;
  readonly #newId: () => string;
  readonly #trunk: string;
  readonly #byLeg = new Map<LegId, Attempt>();
  readonly #byCall = new Map<string, Attempt>();

  constructor(deps: {
    acd: Acd;
    execute: (command: TelephonyCommand) => void;
    newId: () => string;
    trunk: string;
  }) {
    this.#acd = deps.acd;
    this.#execute = deps.execute;
    this.#newId = deps.newId;
    this.#trunk = deps.trunk;
  }

  /** Callbacks being dialed (by leg and by call), for the bookkeeping tests. */
  get tracked(): { callbackLegs: number; callbacks: number } {
    return { callbackLegs: this.#byLeg.size, callbacks: this.#byCall.size };
  }

  owns(legId: LegId): boolean {
    return this.#byLeg.has(legId);
  }

  /** The ACD reserved an agent for a callback: ring the agent first. */
  start(command: CallbackCommand): void {
    const attempt: Attempt = {
      callId: command.callId,
      agentLeg: this.#newId(),
      customerLeg: undefined,
      state: 'agent-ringing',
      command,
    };
    this.#byLeg.set(attempt.agentLeg, attempt);
    this.#byCall.set(command.callId, attempt);
    this.#execute({
      type: 'leg.originate',
      legId: attempt.agentLeg,
      target: { kind: 'extension', extension: command.extension },
      // The agent's phone shows whom they are calling back.
      from: { number: command.number, displayName: 'Callback 回呼' },
      timeoutMs: command.agentRingTimeoutMs + RING_MARGIN_MS,
    });
  }

  /** The ACD withdrew the attempt (its backstop timer): both legs go. */
  cancel(callId: string): void {
    const attempt = this.#byCall.get(callId);
    if (attempt) this.#finish(attempt);
  }

  handle(event: TelephonyEvent): void {
    if (!('legId' in event)) return;
    const attempt = this.#byLeg.get(event.legId);
    if (!attempt) return;
    const isAgent = event.legId === attempt.agentLeg;
    if (event.type === 'leg.answered') {
      if (isAgent && attempt.state === 'agent-ringing') return this.#agentAnswered(attempt);
      if (!isAgent && attempt.state === 'customer-ringing') return this.#customerAnswered(attempt);
      return;
    }
    if (event.type !== 'leg.ended') return;
    this.#byLeg.delete(event.legId);
    switch (attempt.state) {
      case 'agent-ringing':
        this.#acd.callbacks.progress(attempt.callId, 'agent-no-answer');
        return this.#finish(attempt);
      case 'customer-ringing':
        // The customer did not pick up (or the agent gave up waiting): a later attempt may.
        this.#acd.callbacks.progress(
          attempt.callId,
          !isAgent && event.cause === 'busy' ? 'customer-busy' : 'customer-no-answer',
        );
        return this.#finish(attempt);
      case 'connected':
        // Either side hung up: the call is over, the agent goes to after-call work.
        this.#acd.callEnded(attempt.callId);
        return this.#finish(attempt);
      case 'done':
        return;
    }
  }

  #agentAnswered(attempt: Attempt): void {
    this.#acd.callbacks.progress(attempt.callId, 'agent-answered');
    attempt.state = 'customer-ringing';
    attempt.customerLeg = this.#newId();
    this.#byLeg.set(attempt.customerLeg, attempt);
    this.#execute({
      type: 'leg.originate',
      legId: attempt.customerLeg,
      // Both legs' media in the agent leg's worker.
      callId: attempt.agentLeg,
      target: { kind: 'trunk', trunk: this.#trunk, number: attempt.command.number },
      from: { number: attempt.command.number },
      timeoutMs: attempt.command.customerRingTimeoutMs,
    });
  }

  #customerAnswered(attempt: Attempt): void {
    this.#acd.callbacks.progress(attempt.callId, 'customer-answered');
    attempt.state = 'connected';
    this.#execute({ type: 'legs.bridge', a: attempt.customerLeg!, b: attempt.agentLeg });
  }

  /** Hangs up what is still up and forgets the attempt. */
  #finish(attempt: Attempt): void {
    attempt.state = 'done';
    this.#byCall.delete(attempt.callId);
    for (const legId of [attempt.agentLeg, attempt.customerLeg]) {
      if (legId === undefined || !this.#byLeg.has(legId)) continue;
      this.#byLeg.delete(legId);
      this.#execute({ type: 'leg.hangup', legId });
    }
  }
}
