// What a call does when its IVR flow ends: hang up, queue, ring an extension or
// a number outside (the outbound allow-list applies: a flow may build the
// number from the caller's keys), leave a voicemail, keep its place for a
// callback, or answer a survey. The outcome is logged with the IVR path first.
import type { Logger } from '../../platform/index.ts';
import type { OriginateTarget } from '../../telephony/index.ts';
import type { Call, CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';
import type { IvrFinished, IvrResult } from './call-routes.ts';

type EndedBy = CallEvents['call.ended']['by'];
type EndCause = CallEvents['call.ended']['cause'];

export interface IvrOutcomesHost {
  record<K extends keyof CallEvents>(call: Call, type: K, payload: CallEvents[K]): void;
  release(call: Call, cause: EndCause, by: EndedBy): void;
  enqueue(
    call: Call,
    queue: string,
    priority: number,
    skills: { skill: string; minLevel: number }[],
  ): void;
  originate(
    call: Call,
    leg: { target: string },
    target: OriginateTarget,
    timeoutMs: number,
  ): CallLeg;
  voicemail(call: Call, result: Extract<IvrResult, { kind: 'voicemail' }>): void;
  /** Keeps the caller's place in the queue for a callback; absent without a callback dialer. */
  keepPlace: ((call: Call, queue: string, number: string) => boolean) | undefined;
}

export interface IvrOutcomesOptions {
  /** How long an extension or number reached by an IVR transfer rings. */
  ringTimeoutMs: number;
  outboundTrunk?: string;
  outboundPattern?: RegExp;
  logger?: Logger;
}

export class IvrOutcomes {
  readonly #host: IvrOutcomesHost;
  readonly #options: IvrOutcomesOptions;

  constructor(host: IvrOutcomesHost, options: IvrOutcomesOptions) {
    this.#host = host;
    this.#options = options;
  }

  finished(call: Call, finished: IvrFinished): void {
    const { result } = finished;
    Object.assign(call.data.vars, finished.vars);
    if (finished.language) call.data.language = finished.language;
    const ivrFinished: CallEvents['call.ivr-finished'] = {
      callId: call.id,
      outcome: result.kind,
      path: finished.path,
      vars: finished.vars,
    };
    if (finished.language) ivrFinished.language = finished.language;
    this.#host.record(call, 'call.ivr-finished', ivrFinished);
    switch (result.kind) {
      case 'hangup':
        // The caller's own hang-up releases the call when its leg.ended arrives.
        if (result.by === 'flow') this.#host.release(call, 'flow', 'system');
        return;
      case 'queue':
        return this.#host.enqueue(call, result.queue, result.priority, result.skills);
      case 'transfer':
        return this.#transfer(call, result.target);
      case 'voicemail':
        this.#host.voicemail(call, result);
        return this.#host.release(call, 'flow', 'system');
      case 'callback':
        return this.#callback(call, result);
      case 'survey':
        if (result.score !== null)
          this.#host.record(call, 'call.survey-answered', { callId: call.id, score: result.score });
        return this.#host.release(call, 'flow', 'system');
    }
  }

  #transfer(call: Call, target: Extract<IvrResult, { kind: 'transfer' }>['target']): void {
    if (target.kind === 'extension')
      return this.#ring(call, { kind: 'extension', extension: target.extension }, target.extension);
    const trunk = target.trunk ?? this.#options.outboundTrunk;
    if (!trunk) {
      this.#options.logger?.warn(
        { callId: call.id },
        'IVR transfer to an external number, but no outbound trunk is configured',
      );
      return this.#host.release(call, 'transfer-failed', 'system');
    }
    // Toll fraud: a flow may build the number from what the caller keyed in, and the caller
    // is anyone on the phone network. Only numbers the allow-list admits go out.
    if (!this.#options.outboundPattern?.test(target.number)) {
      this.#options.logger?.warn(
        { callId: call.id, number: target.number },
        'IVR transfer to a number outside the outbound allow-list refused',
      );
      return this.#host.release(call, 'transfer-failed', 'system');
    }
    this.#ring(call, { kind: 'trunk', trunk, number: target.number }, target.number);
  }

  /** Rings an extension or a number outside; the call ends if nobody answers. */
  #ring(call: Call, target: OriginateTarget, label: string): void {
    if (!call.move('alert')) return;
    this.#host.originate(call, { target: label }, target, this.#options.ringTimeoutMs);
  }

  #callback(call: Call, result: Extract<IvrResult, { kind: 'callback' }>): void {
    const payload: CallEvents['call.callback-requested'] = {
      callId: call.id,
      number: result.number,
    };
    if (result.queue) payload.queue = result.queue;
    this.#host.record(call, 'call.callback-requested', payload);
    // With a trunk to call back through, the caller keeps their place in the queue while
    // hanging up (if an agent is free right now, the call is simply connected instead).
    // Without one the request stays logged: an agent reserved for a call that cannot be
    // placed would only ring out and be parked.
    const { keepPlace } = this.#host;
    if (
      result.queue &&
      keepPlace &&
      this.#options.outboundPattern?.test(result.number) &&
      call.move('enqueue')
    ) {
      call.data.queue = result.queue;
      this.#host.record(call, 'call.queued', {
        callId: call.id,
        queue: result.queue,
        priority: 0,
        skills: [],
      });
      if (!keepPlace(call, result.queue, result.number)) return;
    }
    this.#host.release(call, 'flow', 'system');
  }
}
