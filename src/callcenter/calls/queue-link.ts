// Where the call model meets the ACD: a queued call is handed to the ACD,
// whose commands (ring this agent, stop ringing, announce, leave the queue)
// become legs and prompts of the call, and whose answers come from what the
// agent's leg really did. The ACD decides who and when; the call model owns
// the legs and the call's life.
import type { Acd, AcdCommand } from '../acd/index.ts';
import type { LegEndCause, TelephonyCommand } from '../../telephony/index.ts';
import { sayPrompts, type Language } from '../prompts/index.ts';
import type { Call, CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';

/** What the link needs from the controller: the call's legs, its events, its end. */
export interface QueueLinkHost {
  execute(command: TelephonyCommand): void;
  record<K extends keyof CallEvents>(call: Call, type: K, payload: CallEvents[K]): void;
  /** Rings a new agent leg of the call (moves the call to alerting). */
  ringAgent(call: Call, agentId: string, extension: string, timeoutMs: number): CallLeg | undefined;
  /** Connects the call to an answered agent leg (bridge, state, event). */
  connect(call: Call, leg: CallLeg): void;
  /** Hangs up one leg of the call that is still up. */
  drop(call: Call, leg: CallLeg): void;
  /** The caller hears the hold announcement (music on hold) again. */
  hold(call: Call): void;
  /** Takes the call out of the queue to a voicemail, a callback or another flow. */
  leave(call: Call, to: Extract<AcdCommand, { type: 'leave' }>['to']): void;
  call(callId: string): Call | undefined;
}

export class QueueLink {
  readonly #acd: Acd;
  readonly #host: QueueLinkHost;

  constructor(acd: Acd, host: QueueLinkHost) {
    this.#acd = acd;
    this.#host = host;
  }

  /** Hands a call (already in state `queued`) to the ACD; false when the queue refused it. */
  enqueue(
    call: Call,
    request: { queue: string; priority: number; skills: { skill: string; minLevel: number }[] },
  ):
    | { accepted: true }
    | { accepted: false; overflow: Extract<AcdCommand, { type: 'leave' }>['to'] } {
    const result = this.#acd.enqueue({
      callId: call.id,
      queue: request.queue,
      priority: request.priority,
      skills: request.skills,
      callerNumber: call.data.caller.e164 ?? call.data.caller.raw,
    });
    return result.accepted ? { accepted: true } : { accepted: false, overflow: result.overflow };
  }

  /** What the ACD asks for. */
  command(command: AcdCommand): void {
    const call = this.#host.call(command.callId);
    if (!call || call.ended) return;
    switch (command.type) {
      case 'offer':
        this.#host.ringAgent(call, command.agentId, command.extension, command.ringTimeoutMs);
        return;
      case 'cancel-offer': {
        const leg = agentLeg(call, command.agentId);
        if (leg && !leg.ended && !leg.answered) this.#host.drop(call, leg);
        return;
      }
      case 'announce':
        this.#announce(call, command.position, command.ewtSeconds);
        return;
      case 'leave':
        this.#host.leave(call, command.to);
        return;
      case 'callback':
        // Calling customers back needs outbound dialing through a trunk with the agent first;
        // until the dialer exists the request stays logged (call.callback-requested).
        return;
    }
  }

  /** The agent's leg answered: connect if the ACD still offers them the call, else drop the leg. */
  agentAnswered(call: Call, leg: CallLeg): void {
    if (leg.agentId !== undefined && this.#acd.agentAnswered(call.id, leg.agentId)) {
      this.#host.connect(call, leg);
    } else {
      this.#host.drop(call, leg);
    }
  }

  /** The agent's leg ended before answer: the ACD puts the call back in line (ring-no-answer). */
  agentNotAnswered(call: Call, leg: CallLeg, cause: LegEndCause): void {
    if (leg.agentId === undefined) return;
    this.#acd.agentNoAnswer(
      call.id,
      leg.agentId,
      cause === 'busy' ? 'busy' : cause === 'rejected' ? 'rejected' : 'timeout',
    );
  }

  /** The call ended (abandoned in the queue, or after talking: the agent's after-call work). */
  ended(call: Call): void {
    this.#acd.callEnded(call.id);
  }

  held(call: Call): void {
    this.#acd.callHeld(call.id);
  }

  resumed(call: Call): void {
    this.#acd.callResumed(call.id);
  }

  #announce(call: Call, position: number | null, ewtSeconds: number | null): void {
    const language: Language = call.data.language === 'en' ? 'en' : 'zh';
    const prompts: Extract<TelephonyCommand, { type: 'leg.play' }>['prompts'][number][] = [];
    if (position !== null && position > 0) {
      prompts.push(
        { kind: 'prompt', name: 'position-is' },
        ...sayPrompts('number', String(position), language),
      );
      if (language === 'zh') prompts.push({ kind: 'prompt', name: 'position-unit' });
    }
    if (ewtSeconds !== null && ewtSeconds > 0) {
      const minutes = Math.max(1, Math.round(ewtSeconds / 60));
      prompts.push(
        { kind: 'prompt', name: 'wait-is' },
        ...sayPrompts('number', String(minutes), language),
        { kind: 'prompt', name: minutes === 1 && language === 'en' ? 'minute' : 'minutes' },
      );
    }
    if (prompts.length === 0) return;
    this.#host.execute({
      type: 'leg.play',
      legId: call.customer.id,
      playId: `announce-${call.id}`,
      prompts,
      language,
      bargeIn: false,
    });
  }
}

function agentLeg(call: Call, agentId: string): CallLeg | undefined {
  for (const leg of call.legs.values()) if (leg.agentId === agentId && !leg.ended) return leg;
  return undefined;
}
