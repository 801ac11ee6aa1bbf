// Answering from the desk: a call ringing on an agent's desk phone is picked up by the phone
// itself when the agent says so (the phone's early dialog offered remote answer: BroadWorks
// "remote talk", which Yealink, Polycom, Snom and Grandstream phones implement). The call model
// remembers which ringing legs can be answered so, asks telephony to answer one, and tells the
// agent (an event) when the phone did not pick up. The answer itself arrives as any answer does.
import { HotlineError } from '../../platform/index.ts';
import type { TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import { illegal, type CallActor } from './call-actions.ts';
import type { Call, CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';

/**
 * A second request within this long of the first is the same click; after it, the phone is asked
 * again (it accepted the NOTIFY but never answered, or the request was lost: nothing else would
 * ever clear the wait).
 */
export const REMOTE_ANSWER_RETRY_MS = 5000;

export interface RemoteAnswerHost {
  now(): number;
  execute(command: TelephonyCommand): void;
  record<K extends keyof CallEvents>(call: Call, type: K, payload: CallEvents[K]): void;
}

type AnswerFailed = Extract<TelephonyEvent, { type: 'leg.answer.remote.failed' }>;

/** The agent's leg of the call that is still ringing, if any. */
export function ringingLegOf(call: Call, agentId: string): CallLeg | undefined {
  for (const leg of call.legs.values())
    if (
      leg.role === 'agent' &&
      leg.agentId === agentId &&
      !leg.ended &&
      !leg.dropped &&
      !leg.answered
    )
      return leg;
  return undefined;
}

export class RemoteAnswer {
  readonly #host: RemoteAnswerHost;

  constructor(host: RemoteAnswerHost) {
    this.#host = host;
  }

  /**
   * An agent-side leg's phone rings: whether it takes remote answer is remembered and told
   * (`call.ringing`), once, and again whenever that changes: a later phone of the leg is the first
   * to offer it, or the phones that offered it were cancelled for the next q-group's.
   */
  ringing(call: Call, leg: CallLeg, remoteAnswer: boolean): void {
    if (leg.role !== 'agent' || leg.answered || leg.ended) return;
    if (leg.remoteAnswer === remoteAnswer) return;
    leg.remoteAnswer = remoteAnswer;
    this.#host.record(call, 'call.ringing', {
      callId: call.id,
      legId: leg.id,
      target: leg.target,
      ...(leg.agentId !== undefined ? { agentId: leg.agentId } : {}),
      remoteAnswer,
    });
  }

  /**
   * The agent answers their ringing call from the desk. Only the agent it rings for may (a
   * supervisor cannot answer for them), only while it rings, and only when the phone offered
   * remote answer. Asking again while the phone is being asked changes nothing for a few seconds.
   */
  answer(call: Call, actor: CallActor): void {
    if (actor.kind !== 'agent')
      throw new HotlineError(
        'forbidden',
        'Only the agent whose phone rings answers a call from the desk; a supervisor cannot answer for an agent.',
      );
    const { agentId } = actor;
    const leg = ringingLegOf(call, agentId);
    if (!leg) {
      if ([...call.legs.values()].some((l) => l.agentId === agentId && l.answered && !l.ended))
        throw illegal(call, 'answer', 'you have answered it already');
      if (call.state === 'alerting')
        throw new HotlineError('forbidden', `Call ${call.id} is not ringing for you.`);
      throw illegal(call, 'answer', 'only a call ringing on your phone can be answered');
    }
    if (leg.remoteAnswer !== true)
      throw new HotlineError(
        'unsupported',
        `The phone ringing for agent ${agentId} (extension ${leg.target}) does not accept remote answer; pick it up on the phone.`,
      );
    const now = this.#host.now();
    if (leg.answering !== undefined && now - leg.answering < REMOTE_ANSWER_RETRY_MS) return;
    leg.answering = now;
    this.#host.record(call, 'call.answer-requested', { callId: call.id, legId: leg.id, agentId });
    this.#host.execute({ type: 'leg.answer.remote', legId: leg.id });
  }

  /** The phone did not pick up when asked: the agent is told; it still rings. */
  failed(call: Call, leg: CallLeg, event: AnswerFailed): void {
    if (leg.answering === undefined) return;
    delete leg.answering;
    if (leg.answered || leg.ended || leg.agentId === undefined) return;
    this.#host.record(call, 'call.answer-failed', {
      callId: call.id,
      legId: leg.id,
      agentId: leg.agentId,
      reason: event.reason,
      ...(event.sipStatus !== undefined ? { sipStatus: event.sipStatus } : {}),
    });
  }
}
