// Callbacks: the caller leaves the line but keeps their place. When the place reaches the front
// an agent is reserved and the call model rings the agent first, then the customer; a customer
// who does not answer is tried again after the queue's interval, up to its attempts. A place is
// kept for the queue's callback.expirySeconds from the request: a callback still waiting then
// (in line or between attempts) is given up, and one in progress gets no further attempt.
import { HotlineError } from '../../platform/index.ts';
import type { Agent } from '../agents/index.ts';
import type { Acd } from './acd.ts';
import type { CallbackProgress } from './acd-commands.ts';
import { moveEntry } from './queue-moves.ts';
import type { QueueEntry } from './queue-runtime.ts';

/** Slack on top of the customer's ring time before the ACD stops waiting for a report. */
const CUSTOMER_RING_SLACK_MS = 5_000;

export class CallbackDesk {
  readonly #acd: Acd;

  constructor(acd: Acd) {
    this.#acd = acd;
  }

  /** The waiting caller asks to be called back on `number`; their place is kept. */
  request(callId: string, number: string): void {
    this.#acd.run(() => {
      const entry = this.#acd.entries.get(callId);
      if (!entry || entry.kind !== 'call')
        throw new HotlineError('not-found', `callId: call "${callId}" is not waiting in a queue`, {
          field: 'callId',
        });
      if (typeof number !== 'string' || !/^\+?[0-9]{3,20}$/.test(number))
        throw new HotlineError(
          'invalid-input',
          'number: expected a phone number (digits, optional +)',
          {
            field: 'number',
          },
        );
      if (entry.status !== 'waiting')
        throw new HotlineError(
          'conflict',
          `callId: an agent is already ringing for call "${callId}"`,
          {
            field: 'callId',
          },
        );
      this.convert(entry, number, 'callback');
    });
  }

  /** Turns a waiting call into a callback at the same place (it leaves the queue's live line). */
  convert(entry: QueueEntry, number: string, reason: 'callback' | 'max-wait' | 'escalation'): void {
    const acd = this.#acd;
    entry.deadline?.cancel();
    entry.deadline = undefined;
    entry.queue.live--;
    entry.kind = 'callback';
    const expiryMs = entry.queue.config.callback.expirySeconds * 1000;
    entry.callback = { number, attempts: 0, expiresAt: acd.clock.now() + expiryMs };
    entry.callback.expiry = acd.clock.after(expiryMs, () => acd.run(() => this.#expire(entry)));
    acd.escalated.delete(entry);
    const left = {
      callId: entry.callId,
      queue: entry.queue.name,
      reason,
      waitMs: acd.clock.now() - entry.enqueuedAt,
    };
    acd.event('queue.left', entry.queue, { ...left, to: { kind: 'callback' } });
  }

  /** Called by routing when the callback's place reached the front and `agent` was reserved. */
  dispatch(entry: QueueEntry, agent: Agent): void {
    const callback = entry.callback!;
    callback.attempts++;
    const { config } = entry.queue;
    this.#acd.event('queue.callback-attempt', entry.queue, {
      callId: entry.callId,
      queue: entry.queue.name,
      agentId: agent.id,
      attempt: callback.attempts,
    });
    this.#acd.send({
      type: 'callback',
      callId: entry.callId,
      queue: entry.queue.name,
      agentId: agent.id,
      extension: agent.extension,
      number: callback.number,
      attempt: callback.attempts,
      agentRingTimeoutMs: config.ringTimeoutSeconds * 1000,
      customerRingTimeoutMs: config.callback.customerRingSeconds * 1000,
    });
  }

  /** The agent's leg rang out: not the customer's fault, so the attempt is not used up. */
  agentMissed(entry: QueueEntry): void {
    this.#result(entry, 'agent-no-answer', false);
    entry.callback!.attempts--;
  }

  /**
   * The agent logged out (a supervisor forced it) while waiting for the customer's leg: the
   * customer leg is dropped, the attempt is not used up, and the callback goes back in line.
   */
  agentLeft(entry: QueueEntry): void {
    const acd = this.#acd;
    const callback = entry.callback!;
    const agent = callback.agent!;
    callback.timer?.cancel();
    callback.agent = undefined;
    agent.call = undefined;
    acd.send({
      type: 'cancel-offer',
      callId: entry.callId,
      agentId: agent.id,
      extension: agent.extension,
      reason: 'agent-left',
    });
    this.agentMissed(entry);
    acd.requeue(entry, 'offer-cancelled');
  }

  /** Whether the callback's place has run out (then it is given up instead of waiting again). */
  expired(entry: QueueEntry): boolean {
    const callback = entry.callback;
    if (!callback || this.#acd.clock.now() < callback.expiresAt) return false;
    this.#acd.dropEntry(entry);
    this.#result(entry, 'expired', true);
    return true;
  }

  #expire(entry: QueueEntry): void {
    // In progress (an agent rings or talks to the customer): it ends as it ends, with no retry.
    if (entry.status === 'offering' || !this.#acd.entries.has(entry.callId)) return;
    this.expired(entry);
  }

  /** What the call model reports about a callback in progress. */
  progress(callId: string, progress: CallbackProgress): void {
    this.#acd.run(() => {
      const entry = this.#acd.entries.get(callId);
      if (!entry?.callback) return;
      switch (progress) {
        case 'agent-answered':
          return this.#agentAnswered(entry);
        case 'agent-no-answer': {
          const agentId = entry.offers.keys().next().value;
          if (agentId !== undefined) this.#acd.noAnswer(entry, agentId, 'timeout');
          return;
        }
        case 'customer-answered':
          return this.#customerAnswered(entry);
        case 'customer-no-answer':
        case 'customer-busy':
          return this.#customerMissed(entry, progress);
      }
    });
  }

  #agentAnswered(entry: QueueEntry): void {
    const offer = entry.offers.values().next().value;
    if (!offer) return;
    const acd = this.#acd;
    const { agent } = offer;
    offer.timer.cancel();
    entry.offers.delete(agent.id);
    agent.offer = undefined;
    acd.registry.transition(agent, 'answer', {
      callId: entry.callId,
      queue: entry.queue.name,
      callKind: 'callback',
    });
    const now = acd.clock.now();
    agent.call = {
      callId: entry.callId,
      kind: 'callback',
      queue: entry.queue.name,
      answeredAt: now,
      holdMs: 0,
    };
    const callback = entry.callback!;
    callback.agent = agent;
    // Backstop: a customer leg nobody reports on must not keep the agent on-call forever.
    const ringMs = entry.queue.config.callback.customerRingSeconds * 1000 + CUSTOMER_RING_SLACK_MS;
    callback.timer = acd.clock.after(ringMs, () =>
      acd.run(() => {
        if (callback.agent !== agent) return;
        acd.send({
          type: 'cancel-offer',
          callId: entry.callId,
          agentId: agent.id,
          extension: agent.extension,
          reason: 'ring-timeout',
        });
        this.#customerMissed(entry, 'customer-no-answer');
      }),
    );
  }

  #customerAnswered(entry: QueueEntry): void {
    const callback = entry.callback!;
    const agent = callback.agent;
    if (!agent?.call) return;
    const acd = this.#acd;
    callback.timer?.cancel();
    agent.call.answeredAt = acd.clock.now();
    agent.callsAnswered++;
    acd.dropEntry(entry);
    acd.connected.set(entry.callId, agent);
    this.#result(entry, 'connected', true);
  }

  #customerMissed(entry: QueueEntry, outcome: 'customer-no-answer' | 'customer-busy'): void {
    const acd = this.#acd;
    const callback = entry.callback!;
    const agent = callback.agent;
    if (!agent) return;
    callback.timer?.cancel();
    callback.agent = undefined;
    agent.call = undefined;
    acd.registry.transition(agent, 'release', {
      callId: entry.callId,
      queue: entry.queue.name,
      cause: `callback-${outcome}`,
    });
    const { maxAttempts, retryIntervalSeconds } = entry.queue.config.callback;
    const retryAt = acd.clock.now() + retryIntervalSeconds * 1000;
    if (callback.attempts >= maxAttempts || retryAt >= callback.expiresAt) {
      acd.dropEntry(entry);
      this.#result(entry, outcome, true);
    } else {
      entry.status = 'retry-wait';
      callback.timer = acd.clock.after(retryIntervalSeconds * 1000, () => this.#retry(entry));
      this.#result(entry, outcome, false, retryAt);
    }
    acd.agentAvailable(agent);
  }

  /** The next attempt joins the line again at the place the original entry gives it. */
  #retry(entry: QueueEntry): void {
    this.#acd.run(() => {
      if (entry.status !== 'retry-wait' || !this.#acd.entries.has(entry.callId)) return;
      const from = entry.queue;
      if (from.closed && from.movedTo) {
        moveEntry(this.#acd, entry, from.movedTo);
        this.#acd.queueDirectory.retireIfEmpty(from);
      }
      entry.status = 'waiting';
      entry.queue.waiting.insert(entry);
      this.#acd.route(entry, 'callback-retry');
    });
  }

  #result(
    entry: QueueEntry,
    outcome: 'connected' | 'customer-no-answer' | 'customer-busy' | 'agent-no-answer' | 'expired',
    final: boolean,
    retryAt?: number,
  ): void {
    const payload = {
      callId: entry.callId,
      queue: entry.queue.name,
      attempt: entry.callback!.attempts,
      outcome,
      final,
    };
    this.#acd.event(
      'queue.callback-result',
      entry.queue,
      retryAt === undefined ? payload : { ...payload, retryAt },
    );
  }
}
