// Where the call model meets the ACD: a queued call is handed to the ACD,
// whose commands (ring this agent, stop ringing, announce, leave the queue)
// become legs and prompts of the call, and whose answers come from what the
// agent's leg really did. The ACD decides who and when; the call model owns
// the legs and the call's life. The caller's queue audio (hold announcement,
// position announcements) is managed here too.
import type { Acd, AcdCommand } from '../acd/index.ts';
import type {
  LegEndCause,
  OriginateTarget,
  PromptRef,
  TelephonyCommand,
  TelephonyEvent,
} from '../../telephony/index.ts';
import { sayPrompts, type Language } from '../prompts/index.ts';
import type { Call, CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';

type QueueTarget = Extract<AcdCommand, { type: 'leave' }>['to'];
type PlayEndReason = Extract<TelephonyEvent, { type: 'leg.play.finished' }>['reason'];

/** What the link needs from the controller: legs, events, the call's end, another flow. */
export interface QueueLinkHost {
  execute(command: TelephonyCommand): void;
  record<K extends keyof CallEvents>(call: Call, type: K, payload: CallEvents[K]): void;
  call(callId: string): Call | undefined;
  /** Places a new agent leg of the call (tracked, logged as alerting, originated). */
  originate(
    call: Call,
    leg: { target: string; agentId?: string },
    target: OriginateTarget,
    timeoutMs: number,
  ): CallLeg;
  /** Connects the call to an answered agent leg (bridge, state, event). */
  connect(call: Call, leg: CallLeg): void;
  release(
    call: Call,
    cause: CallEvents['call.ended']['cause'],
    by: CallEvents['call.ended']['by'],
  ): void;
  /** Runs a flow on the call (already moved to `ivr`); false when it could not start. */
  runIvr(call: Call, flow: string): void;
}

export interface QueueLinkOptions {
  /** The announcement repeated while a call waits. */
  holdPrompt?: string;
  holdRepeatMs?: number;
  /** The flow a call leaving its queue for voicemail runs. */
  voicemailFlow?: string;
  warn(detail: Record<string, unknown>, message: string): void;
}

/** How much longer SIP lets an agent's phone ring than the ACD's ring timeout. */
const RING_MARGIN_MS = 5000;

export class QueueLink {
  readonly #acd: Acd | undefined;
  readonly #host: QueueLinkHost;
  readonly #options: QueueLinkOptions;

  constructor(acd: Acd | undefined, host: QueueLinkHost, options: QueueLinkOptions) {
    this.#acd = acd;
    this.#host = host;
    this.#options = options;
  }

  /** A call just moved to `queued`: the caller hears the hold announcement, the ACD gets the call. */
  enqueue(
    call: Call,
    request: { queue: string; priority: number; skills: { skill: string; minLevel: number }[] },
  ): void {
    this.hold(call);
    if (!this.#acd) return;
    let result;
    try {
      result = this.#acd.enqueue({
        callId: call.id,
        queue: request.queue,
        priority: request.priority,
        skills: request.skills,
        callerNumber: call.data.caller.e164 ?? call.data.caller.raw,
        ...(call.data.lastAgentId !== undefined ? { lastAgentId: call.data.lastAgentId } : {}),
      });
    } catch (error) {
      // An unknown queue or bad skills from a flow: the caller must not wait forever.
      this.#options.warn(
        { err: error, callId: call.id, queue: request.queue },
        'the ACD refused the call',
      );
      return this.#host.release(call, 'failed', 'system');
    }
    if (!result.accepted) this.leave(call, result.overflow, 'queue-full');
  }

  /**
   * A caller (already moved to `queued`) asks to be called back: the call joins the queue and is
   * turned into a callback that keeps its place after the caller hangs up. False when an agent
   * is already ringing for it: then it stays a live queued call and connects.
   */
  keepPlace(call: Call, queue: string, number: string): boolean {
    if (!this.#acd) return true;
    try {
      this.#acd.enqueue({ callId: call.id, queue, callerNumber: number });
      this.#acd.callbacks.request(call.id, number);
      return true;
    } catch (error) {
      if (call.state === 'alerting' || call.state === 'connected') {
        this.hold(call);
        return false;
      }
      this.#options.warn(
        { err: error, callId: call.id, queue },
        'a callback could not keep its place',
      );
      return true;
    }
  }

  /** What the ACD asks for. */
  command(command: AcdCommand): void {
    const call = this.#host.call(command.callId);
    if (!call || call.ended) return;
    switch (command.type) {
      case 'offer':
        // Several offers of one call (ring-all) ring together; the first moves it to alerting.
        if (call.state !== 'alerting' && !call.move('alert')) return;
        this.#host.originate(
          call,
          { target: command.extension, agentId: command.agentId },
          { kind: 'extension', extension: command.extension },
          // The ACD's own timer ends the ring (its cancel-offer drops the leg); SIP waits longer.
          command.ringTimeoutMs + RING_MARGIN_MS,
        );
        return;
      case 'cancel-offer': {
        const leg = agentLeg(call, command.agentId);
        if (leg && !leg.answered) this.#drop(leg);
        return;
      }
      case 'announce':
        this.#announce(call, command.position, command.ewtSeconds);
        return;
      case 'leave':
        this.leave(call, command.to, command.reason);
        return;
      case 'callback':
        // Calling customers back needs outbound dialing with the agent first; until the dialer
        // exists the request stays logged (call.callback-requested).
        return;
    }
  }

  /** The agent's leg answered: connect if the ACD still offers them the call, else drop the leg. */
  agentAnswered(call: Call, leg: CallLeg): void {
    if (leg.agentId !== undefined && this.#acd?.agentAnswered(call.id, leg.agentId)) {
      this.#stopQueueAudio(call);
      this.#host.connect(call, leg);
    } else {
      this.#drop(leg);
    }
  }

  /**
   * An agent leg ended that is not the call's connected one: it rang out, was busy, or was
   * withdrawn (dropped). The ACD puts the call back in line; the hold announcement never stopped.
   */
  agentLegGone(call: Call, leg: CallLeg, cause: LegEndCause): void {
    if (leg.agentId !== undefined && !leg.dropped) {
      this.#acd?.agentNoAnswer(
        call.id,
        leg.agentId,
        cause === 'busy' ? 'busy' : cause === 'rejected' ? 'rejected' : 'timeout',
      );
    }
    if (call.state === 'alerting' && !ringing(call)) call.move('enqueue');
  }

  /** The call ended (abandoned in the queue, or after talking: the agent's after-call work). */
  ended(call: Call): void {
    this.#acd?.callEnded(call.id);
  }

  held(call: Call): void {
    this.#acd?.callHeld(call.id);
  }

  resumed(call: Call): void {
    this.#acd?.callResumed(call.id);
  }

  /** Until an agent takes the call, the caller hears the hold announcement again and again. */
  hold(call: Call): void {
    const { holdPrompt, holdRepeatMs = 15_000 } = this.#options;
    if (!holdPrompt) return;
    this.#play(
      call,
      holdPlayId(call),
      [
        { kind: 'prompt', name: holdPrompt },
        { kind: 'silence', ms: holdRepeatMs },
      ],
      true,
    );
  }

  /**
   * After a position announcement the hold announcement comes back, unless the announcement was
   * stopped: then a newer play replaced it (the next announcement, when they come more often
   * than one lasts) or the call left the queue, and restarting the hold would cut the newer one.
   */
  playFinished(call: Call, playId: string, reason: PlayEndReason): void {
    if (reason === 'stopped') return;
    if (playId === announcePlayId(call) && call.state === 'queued') this.hold(call);
  }

  /** The call leaves its queue (full, too long a wait, an escalation) for a flow, a callback or a voicemail. */
  leave(call: Call, to: QueueTarget, reason: string): void {
    this.#stopQueueAudio(call);
    this.#host.record(call, 'call.left-queue', {
      callId: call.id,
      queue: call.data.queue ?? '',
      reason,
      to: to.kind,
    });
    if (to.kind === 'callback') {
      this.#host.record(call, 'call.callback-requested', {
        callId: call.id,
        number: call.data.caller.e164 ?? call.data.caller.raw,
        ...(call.data.queue ? { queue: call.data.queue } : {}),
      });
      return this.#host.release(call, 'flow', 'system');
    }
    const flow = to.kind === 'flow' ? to.flow : this.#options.voicemailFlow;
    if (flow === undefined || !call.move('start-ivr')) {
      this.#options.warn({ callId: call.id, to }, 'nowhere to send a call leaving its queue');
      return this.#host.release(call, 'failed', 'system');
    }
    call.data.flow = flow;
    this.#host.runIvr(call, flow);
  }

  #drop(leg: CallLeg): void {
    if (leg.ended || leg.dropped) return;
    leg.dropped = true;
    this.#host.execute({ type: 'leg.hangup', legId: leg.id });
  }

  #stopQueueAudio(call: Call): void {
    const legId = call.customer.id;
    this.#host.execute({ type: 'leg.play.stop', legId, playId: holdPlayId(call) });
    this.#host.execute({ type: 'leg.play.stop', legId, playId: announcePlayId(call) });
  }

  #announce(call: Call, position: number | null, ewtSeconds: number | null): void {
    const language: Language = call.data.language === 'en' ? 'en' : 'zh';
    const prompts: PromptRef[] = [];
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
    if (prompts.length > 0) this.#play(call, announcePlayId(call), prompts, false);
  }

  #play(call: Call, playId: string, prompts: PromptRef[], loop: boolean): void {
    this.#host.execute({
      type: 'leg.play',
      legId: call.customer.id,
      playId,
      prompts,
      language: call.data.language === 'en' ? 'en' : 'zh',
      bargeIn: false,
      ...(loop ? { loop: true } : {}),
    });
  }
}

function holdPlayId(call: Call): string {
  return `hold-${call.id}`;
}

function announcePlayId(call: Call): string {
  return `announce-${call.id}`;
}

function agentLeg(call: Call, agentId: string): CallLeg | undefined {
  for (const leg of call.legs.values()) if (leg.agentId === agentId && !leg.ended) return leg;
  return undefined;
}

/** Whether an agent leg of the call is still ringing (ring-all offers several). */
function ringing(call: Call): boolean {
  for (const leg of call.legs.values())
    if (leg.role === 'agent' && !leg.ended && !leg.answered && !leg.dropped) return true;
  return false;
}
