// What agents and supervisors do to a live call through the CTI API (or a
// phone's REFER): hold and resume (music for the customer, the agent's leg
// kept), hang up, send DTMF toward the customer's side, and blind transfer to
// a queue, an extension or a number outside. Each action checks who asks and
// where the call stands; an action that does not fit is an `illegal-state`
// error the desk can show, never a half-done change.
import { HotlineError } from '../../platform/index.ts';
import type { OriginateTarget, PromptRef, TelephonyCommand } from '../../telephony/index.ts';
import type { Call, CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';

/**
 * Who acts: an agent on their own call only; a supervisor on any; the phone on the connected leg
 * (a SIP REFER) on its own call.
 */
export type CallActor =
  | { kind: 'agent'; agentId: string }
  | { kind: 'supervisor'; userId: string }
  | { kind: 'phone'; legId: string };

/** How a supervisor joins a call: hears both (listen), is heard by the agent only (whisper), by both (barge). */
export type MonitorMode = 'listen' | 'whisper' | 'barge';

export type BlindTransferTarget =
  | { kind: 'queue'; queue: string }
  | { kind: 'extension'; extension: string }
  | { kind: 'external'; number: string };

/** Whom an agent consults before an attended transfer or a conference: a phone that rings. */
export type ConsultTarget = Exclude<BlindTransferTarget, { kind: 'queue' }>;

export interface CallActionsHost {
  execute(command: TelephonyCommand): void;
  record<K extends keyof CallEvents>(call: Call, type: K, payload: CallEvents[K]): void;
  originate(
    call: Call,
    leg: {
      target: string;
      agentId?: string;
      role?: CallLeg['role'];
      /** Who the rung phone sees calling; default: the customer. */
      from?: { number: string; displayName?: string };
    },
    target: OriginateTarget,
    timeoutMs: number,
  ): CallLeg;
  enqueue(call: Call, queue: string, priority: number): void;
  release(
    call: Call,
    cause: CallEvents['call.ended']['cause'],
    by: CallEvents['call.ended']['by'],
  ): void;
  /** The leg left the call on our side: no longer tracked, hung up. */
  drop(call: Call, leg: CallLeg): void;
  /** The ACD hears of the connected agent's hold, resume, or that the call left them. */
  agentHeld(call: Call): void;
  agentResumed(call: Call): void;
  agentLeft(call: Call): void;
  /** Whether the queue exists (a transfer to an unknown queue is refused before anything moves). */
  knowsQueue(queue: string): boolean;
}

export interface CallActionsOptions {
  /** What a held (or transferred) customer hears, looped. */
  holdMusic: readonly PromptRef[];
  ringTimeoutMs: number;
  outboundTrunk?: string;
  outboundPattern?: RegExp;
  /** Why the call cannot be held, transferred or joined now (a consultation is under way). */
  consulting?: (call: Call) => string | undefined;
}

export const actorLabel = (actor: CallActor): string =>
  actor.kind === 'agent'
    ? `agent:${actor.agentId}`
    : actor.kind === 'phone'
      ? `phone:${actor.legId}`
      : `user:${actor.userId}`;

export class CallActions {
  readonly #host: CallActionsHost;
  readonly #options: CallActionsOptions;
  /** Calls whose customer hears our hold music (held here, or a blind transfer ringing). */
  readonly #music = new Set<string>();
  /** Calls a supervisor is on (or being rung for): their leg and mode. */
  readonly #monitors = new Map<
    string,
    { legId: string; mode: MonitorMode; by: string; mixed: boolean }
  >();

  constructor(host: CallActionsHost, options: CallActionsOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** What it keeps per call, for the bookkeeping tests. */
  get tracked(): { music: number; monitors: number } {
    return { music: this.#music.size, monitors: this.#monitors.size };
  }

  hold(call: Call, actor: CallActor): void {
    const leg = this.connectedLeg(call, actor);
    this.#notMonitored(call, 'hold');
    this.#notConsulting(call, 'hold');
    if (call.state !== 'connected')
      throw illegal(call, 'hold', 'only a connected call can be put on hold');
    call.move('hold');
    this.#host.execute({ type: 'legs.unbridge', a: call.customer.id, b: leg.id });
    this.startMusic(call);
    this.#host.record(call, 'call.held', { callId: call.id, by: actorLabel(actor) });
    this.#host.agentHeld(call);
  }

  resume(call: Call, actor: CallActor): void {
    const leg = this.connectedLeg(call, actor);
    if (call.state !== 'held') throw illegal(call, 'resume', 'only a held call can be resumed');
    if (!this.#music.has(call.id))
      throw illegal(call, 'resume', 'the phone put it on hold; resume it on the phone');
    call.move('resume');
    this.stopMusic(call);
    this.#host.execute({ type: 'legs.bridge', a: call.customer.id, b: leg.id });
    this.#host.record(call, 'call.resumed', { callId: call.id, by: actorLabel(actor) });
    this.#host.agentResumed(call);
  }

  hangup(call: Call, actor: CallActor): void {
    if (actor.kind !== 'supervisor') this.connectedLeg(call, actor);
    this.#host.release(call, 'local', actor.kind === 'supervisor' ? 'supervisor' : 'agent');
  }

  /** Digits toward the customer's side (an outside IVR reached by a transfer, a conference PIN). */
  sendDtmf(call: Call, digits: string, actor: CallActor): void {
    this.connectedLeg(call, actor);
    if (call.state !== 'connected')
      throw illegal(call, 'send DTMF', 'digits go only to a connected call');
    this.#host.execute({ type: 'leg.dtmf.send', legId: call.customer.id, digits });
  }

  /**
   * Blind transfer: the agent leaves at once (after-call work begins), the customer hears music
   * and goes to the queue, or to the extension or number, which rings. Nobody answering there
   * ends the call as `transfer-failed`; a queue keeps the caller until an agent takes it.
   */
  transfer(
    call: Call,
    target: BlindTransferTarget,
    actor: CallActor,
    /** Runs once the transfer is sure to go ahead, before the agent's leg is dropped. */
    accepted?: () => void,
  ): void {
    const leg = this.connectedLeg(call, actor);
    if (call.state !== 'connected' && call.state !== 'held')
      throw illegal(call, 'transfer', 'only a connected or held call can be transferred');
    this.#notMonitored(call, 'transfer');
    this.#notConsulting(call, 'transfer');
    const to = this.destination(target);
    if (target.kind === 'queue' && !this.#host.knowsQueue(target.queue))
      throw new HotlineError('not-found', `There is no queue "${target.queue}".`, {
        field: 'body.target.queue',
      });
    accepted?.();
    call.move('transfer');
    this.#host.record(call, 'call.transferred', {
      callId: call.id,
      legId: leg.id,
      ...(leg.agentId !== undefined ? { agentId: leg.agentId } : {}),
      to: target,
      by: actorLabel(actor),
    });
    for (const recordingId of call.recordings)
      this.#host.execute({ type: 'recording.stop', recordingId });
    call.connectedLegId = undefined;
    this.#host.drop(call, leg);
    this.#host.agentLeft(call);
    if (target.kind === 'queue') {
      this.stopMusic(call);
      this.#host.enqueue(call, target.queue, call.data.priority ?? 0);
      return;
    }
    this.startMusic(call);
    call.move('alert');
    this.#host.originate(call, { target: to.label }, to.originate!, this.#options.ringTimeoutMs);
  }

  /**
   * A supervisor joins the call from their extension, or changes how they are on it. Their phone
   * rings first; once it answers, the customer, the agent and they share the call's mixer.
   */
  monitor(call: Call, extension: string, mode: MonitorMode, actor: CallActor): void {
    if (actor.kind !== 'supervisor')
      throw new HotlineError(
        'forbidden',
        'Only supervisors listen to, whisper into or barge calls.',
      );
    const leg = this.connectedLeg(call, actor);
    if (call.state !== 'connected')
      throw illegal(call, mode, 'a supervisor joins only a connected call');
    this.#notConsulting(call, mode);
    const current = this.#monitors.get(call.id);
    const by = actorLabel(actor);
    if (current) {
      // One supervisor at a time: a second one would otherwise change the first one's mode.
      if (current.by !== by)
        throw illegal(
          call,
          mode,
          `${current.by.replace(/^user:/, '')} is already monitoring it; they hang up first`,
        );
      current.mode = mode;
      const supervisor = call.legs.get(current.legId);
      if (supervisor?.answered) this.#seat(call, current.legId, mode, leg.id);
      this.#host.record(call, 'call.monitor-changed', { callId: call.id, mode, by: current.by });
      return;
    }
    const placed = this.#host.originate(
      call,
      { target: extension, role: 'supervisor' },
      { kind: 'extension', extension },
      this.#options.ringTimeoutMs,
    );
    this.#monitors.set(call.id, { legId: placed.id, mode, by, mixed: false });
    this.#host.record(call, 'call.monitor-started', {
      callId: call.id,
      legId: placed.id,
      extension,
      mode,
      by,
    });
  }

  /** The supervisor's phone answered: the three legs move from the bridge into the mixer. */
  supervisorAnswered(call: Call, leg: CallLeg): void {
    const monitor = this.#monitors.get(call.id);
    const agent = call.connectedLegId;
    if (!monitor || monitor.legId !== leg.id || agent === undefined || call.state !== 'connected') {
      this.#host.drop(call, leg);
      return;
    }
    monitor.mixed = true;
    this.#host.execute({
      type: 'leg.mix',
      mixerId: mixerId(call),
      legId: call.customer.id,
      mode: 'full',
    });
    this.#host.execute({ type: 'leg.mix', mixerId: mixerId(call), legId: agent, mode: 'full' });
    this.#seat(call, leg.id, monitor.mode, agent);
  }

  /** The supervisor hung up (or never answered): the customer and the agent are bridged again. */
  supervisorGone(call: Call, leg: CallLeg): void {
    const monitor = this.#monitors.get(call.id);
    if (monitor?.legId !== leg.id) return;
    this.#monitors.delete(call.id);
    if (monitor.mixed) {
      this.#host.execute({ type: 'mixer.close', mixerId: mixerId(call) });
      const agent = call.connectedLegId;
      if (agent !== undefined)
        this.#host.execute({ type: 'legs.bridge', a: call.customer.id, b: agent });
    }
    this.#host.record(call, 'call.monitor-ended', { callId: call.id, legId: leg.id });
  }

  /** Whether the desk (not the phone) holds the call: the phone's own hold events then wait. */
  heldFromDesk(call: Call): boolean {
    return call.state === 'held' && this.#music.has(call.id);
  }

  /** Stops our hold music before the customer is connected to someone (idempotent). */
  stopMusic(call: Call): void {
    if (!this.#music.delete(call.id)) return;
    this.#host.execute({ type: 'leg.play.stop', legId: call.customer.id, playId: musicId(call) });
  }

  /** The call is over: the legs' end stops their playback; a mixer is closed. */
  released(call: Call): void {
    this.#music.delete(call.id);
    const monitor = this.#monitors.get(call.id);
    this.#monitors.delete(call.id);
    if (monitor?.mixed) this.#host.execute({ type: 'mixer.close', mixerId: mixerId(call) });
  }

  #seat(call: Call, legId: string, mode: MonitorMode, agentLegId: string): void {
    this.#host.execute({
      type: 'leg.mix',
      mixerId: mixerId(call),
      legId,
      mode,
      ...(mode === 'whisper' ? { whisperTo: [agentLegId] } : {}),
    });
  }

  /** Whether a supervisor is on the call (or being rung for it). */
  monitored(call: Call): boolean {
    return this.#monitors.has(call.id);
  }

  #notMonitored(call: Call, action: string): void {
    if (this.#monitors.has(call.id))
      throw illegal(call, action, 'a supervisor is on the call; they hang up first');
  }

  #notConsulting(call: Call, action: string): void {
    const why = this.#options.consulting?.(call);
    if (why !== undefined) throw illegal(call, action, why);
  }

  /** The customer hears our hold music, looped, until stopMusic (idempotent). */
  startMusic(call: Call): void {
    if (this.#music.has(call.id)) return;
    this.#music.add(call.id);
    this.#host.execute({
      type: 'leg.play',
      legId: call.customer.id,
      playId: musicId(call),
      prompts: this.#options.holdMusic,
      language: call.data.language === 'en' ? 'en' : 'zh',
      bargeIn: false,
      loop: true,
    });
  }

  /** The connected agent-side leg, checked against who asks. */
  connectedLeg(call: Call, actor: CallActor): CallLeg {
    const leg = call.connectedLegId === undefined ? undefined : call.legs.get(call.connectedLegId);
    if (actor.kind === 'agent' && (!leg || leg.agentId !== actor.agentId))
      throw new HotlineError('forbidden', `Call ${call.id} is not connected to you.`);
    if (actor.kind === 'phone' && leg?.id !== actor.legId)
      throw new HotlineError('forbidden', `Only the connected phone may transfer call ${call.id}.`);
    if (!leg || leg.ended)
      throw illegal(call, 'act on', 'nobody is connected to the customer at the moment');
    return leg;
  }

  /** Where a transfer goes; a number outside the allow-list is refused here (toll fraud). */
  destination(target: BlindTransferTarget): { label: string; originate?: OriginateTarget } {
    switch (target.kind) {
      case 'queue':
        return { label: target.queue };
      case 'extension':
        return {
          label: target.extension,
          originate: { kind: 'extension', extension: target.extension },
        };
      case 'external': {
        const { outboundTrunk, outboundPattern } = this.#options;
        // Toll fraud: only numbers the allow-list admits go out, whoever asks.
        if (!outboundTrunk || !outboundPattern?.test(target.number))
          throw new HotlineError(
            'forbidden',
            `Calls to ${target.number} are not allowed: it is outside the outbound allow-list (HOTLINE_SIP_OUTBOUND_PATTERN) or no outbound trunk is set.`,
            { field: 'body.target.number' },
          );
        return {
          label: target.number,
          originate: { kind: 'trunk', trunk: outboundTrunk, number: target.number },
        };
      }
    }
  }
}

/** The call's one mixer: a supervisor's monitoring or a conference (never both at once). */
export function mixerId(call: Call): string {
  return `mix-${call.id}`;
}

function musicId(call: Call): string {
  return `music-${call.id}`;
}

export function illegal(call: Call, action: string, why: string): HotlineError {
  return new HotlineError(
    'illegal-state',
    `Cannot ${action} call ${call.id}: it is ${call.state}, and ${why}.`,
  );
}
