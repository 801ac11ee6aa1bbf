// Click-to-call: an agent dials a customer from the desk. The agent's own
// phone rings first (a desk phone or softphone answers, often automatically);
// once it answers, the customer's number is dialed through the outbound trunk
// (the allow-list applies, as everywhere); when the customer answers, the two
// are bridged and from then on it is an ordinary call: recorded, held,
// transferred, consulted, logged. Either side failing first ends the call.
import { HotlineError } from '../../platform/index.ts';
import type { LegEndCause, OriginateTarget, TelephonyCommand } from '../../telephony/index.ts';
import type { Agent } from '../agents/index.ts';
import type { Call, CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';

export interface OutboundCallsHost {
  execute(command: TelephonyCommand): void;
  originate(
    call: Call,
    leg: { target: string; agentId?: string; role?: CallLeg['role'] },
    target: OriginateTarget,
    timeoutMs: number,
  ): CallLeg;
  /** The customer answered: the agent's leg talks to them (bridged, recorded, logged). */
  connect(call: Call, leg: CallLeg): void;
  release(
    call: Call,
    cause: CallEvents['call.ended']['cause'],
    by: CallEvents['call.ended']['by'],
  ): void;
}

export interface OutboundCallsOptions {
  trunk: string;
  /** How long the agent's phone rings, then the customer's. */
  agentRingTimeoutMs: number;
  customerRingTimeoutMs: number;
}

/** An agent may dial when logged in on a registered phone and not on (or offered) a call. */
export function assertMayDial(agentId: string, agent: Agent | undefined): asserts agent is Agent {
  if (!agent || agent.state === 'logged-out')
    throw new HotlineError(
      'illegal-state',
      `Agent ${agentId} is not logged in on a phone; log in on your extension first.`,
    );
  if (agent.state !== 'ready' && agent.state !== 'not-ready' && agent.state !== 'wrap-up')
    throw new HotlineError(
      'illegal-state',
      `Agent ${agentId} is ${agent.state}; dial out when not on a call or being offered one.`,
    );
  if (!agent.registered)
    throw new HotlineError(
      'illegal-state',
      `Extension ${agent.extension} has no registered phone; register it, then dial.`,
    );
}

export class OutboundCalls {
  readonly #host: OutboundCallsHost;
  readonly #options: OutboundCallsOptions;

  constructor(host: OutboundCallsHost, options: OutboundCallsOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Whether the call is one an agent dialed and the customer has not answered yet. */
  dialing(call: Call): boolean {
    return call.data.direction === 'outbound' && call.connectedLegId === undefined;
  }

  /** Rings the agent's phone; the customer is dialed once it answers. */
  start(call: Call, agentId: string, extension: string): void {
    call.move('alert');
    this.#host.originate(
      call,
      { target: extension, agentId },
      { kind: 'extension', extension },
      this.#options.agentRingTimeoutMs,
    );
  }

  answered(call: Call, leg: CallLeg): void {
    if (leg.role === 'agent') {
      // The agent is on the line: now the customer's phone rings (the agent hears it ring).
      this.#host.execute({
        type: 'leg.originate',
        legId: call.customer.id,
        // The media of every leg of the call lives in one worker, keyed by the customer's leg.
        callId: call.customer.id,
        target: { kind: 'trunk', trunk: this.#options.trunk, number: call.customer.target },
        from: { number: leg.target },
        timeoutMs: this.#options.customerRingTimeoutMs,
      });
      return;
    }
    const agent = call.agent;
    if (leg.role === 'customer' && agent?.answered) this.#host.connect(call, agent);
  }

  /** A leg ended before the two talked: the call is over (busy, no answer, the agent gave up). */
  ended(call: Call, leg: CallLeg, cause: LegEndCause): void {
    this.#host.release(call, cause, leg.role === 'customer' ? 'customer' : 'agent');
  }
}
