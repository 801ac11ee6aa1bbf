// Keep-alive for a peer (a trunk): an OPTIONS every interval (RFC 3261 §11), and the peer's
// status, up | down | unknown, with when it changed and the last round-trip time.
import { randomBytes } from 'node:crypto';
import {
  StateMachine,
  TypedEmitter,
  type Clock,
  type Logger,
  type Scheduler,
  type TimerHandle,
  type TransitionTable,
} from '../../../platform/index.ts';
import { SipRequest, parseUri } from '../message/index.ts';
import { newTag, type TransactionLayer } from '../transaction/index.ts';
import type { Peer, SipTransport } from '../transport/index.ts';
import { outcomeStatus, sendOutOfDialog, type RequestOutcome } from './out-of-dialog-request.ts';

export const peerStates = ['unknown', 'up', 'down'] as const;
export type PeerState = (typeof peerStates)[number];

export const probeResults = ['answered', 'failed', 'stopped'] as const;
export type ProbeResult = (typeof probeResults)[number];

export const peerTransitions: TransitionTable<PeerState, ProbeResult> = {
  unknown: { answered: 'up', failed: 'down', stopped: 'unknown' },
  up: { answered: 'up', failed: 'down', stopped: 'unknown' },
  down: { answered: 'up', failed: 'down', stopped: 'unknown' },
};

export interface PeerStatus {
  readonly state: PeerState;
  /** When the state last changed, epoch ms. */
  readonly since: number;
  /** The last probe's round trip, ms, when it was answered. */
  readonly lastRttMs?: number;
  /** The last probe's status (408 for no answer in time, 503 when unreachable). */
  readonly lastStatus?: number;
  readonly lastCheckedAt?: number;
}

export interface OptionsMonitorEvents {
  /** The state changed (not sent for probes that leave it as it was). */
  status: { from: PeerState; to: PeerState; status: PeerStatus };
}

export interface OptionsMonitorOptions {
  readonly transactions: Pick<TransactionLayer, 'sendRequest'>;
  readonly transport: Pick<SipTransport, 'sentBy'>;
  readonly clock: Clock & Scheduler;
  readonly logger?: Logger;
  readonly peer: Peer;
  /** The Request-URI, e.g. `sip:carrier.example:5060`. */
  readonly uri: string;
  /** Our From, e.g. `sip:hotline@our.host`. */
  readonly from: string;
  readonly intervalMs: number;
  /**
   * How long a probe may go unanswered before the peer counts as down; the interval by default,
   * at most Timer F (32 s), after which the transaction itself reports a timeout.
   */
  readonly timeoutMs?: number;
  readonly productToken?: string;
}

/**
 * Whether a final response means the peer is up. RFC 3261 §11.2: any answer shows the peer's
 * SIP stack is there, and many carriers answer OPTIONS with 403, 404 or 405, so 4xx-6xx count
 * as up; except 503 (§21.5.4: overloaded or in maintenance, it will not take calls) and 408 (a
 * proxy in front of the carrier saying what stands behind it did not answer, §21.4.9).
 */
export function answeredUp(status: number): boolean {
  return status !== 408 && status !== 503;
}

export class OptionsMonitor extends TypedEmitter<OptionsMonitorEvents> {
  readonly #options: OptionsMonitorOptions;
  readonly #machine = new StateMachine(peerTransitions, 'unknown');
  #seq = 0;
  #status: PeerStatus;
  #interval: TimerHandle | undefined;
  #deadline: TimerHandle | undefined;
  /** The probe in flight; a probe is settled by its answer or its deadline, whichever is first. */
  #probe = 0;

  constructor(options: OptionsMonitorOptions) {
    super((error) => options.logger?.error({ err: error }, 'a keep-alive listener threw'));
    if (!(options.intervalMs > 0)) throw new Error('OptionsMonitor: intervalMs must be positive');
    this.#options = options;
    this.#status = { state: 'unknown', since: options.clock.now() };
  }

  get status(): PeerStatus {
    return this.#status;
  }

  /** Probes at once, then every interval. */
  start(): void {
    if (this.#interval !== undefined) return;
    this.#interval = this.#options.clock.every(this.#options.intervalMs, () => this.#send());
    this.#send();
  }

  /** Stops probing; the status goes back to unknown. Idempotent. */
  stop(): void {
    this.#interval?.cancel();
    this.#deadline?.cancel();
    this.#interval = undefined;
    this.#deadline = undefined;
    this.#probe++;
    this.#settle('stopped', {});
  }

  #send(): void {
    const { clock, intervalMs } = this.#options;
    const probe = ++this.#probe;
    const sentAt = clock.now();
    const timeoutMs = Math.min(this.#options.timeoutMs ?? intervalMs, 32_000);
    // A probe still unanswered when the next one goes has had its time: it failed.
    if (this.#deadline !== undefined) this.#result({ kind: 'timeout' }, sentAt);
    this.#deadline?.cancel();
    this.#deadline = clock.after(timeoutMs, () => {
      if (probe !== this.#probe) return;
      this.#probe++;
      this.#deadline = undefined;
      this.#result({ kind: 'timeout' }, sentAt);
    });
    void sendOutOfDialog({
      transactions: this.#options.transactions,
      clock,
      request: this.#request(),
      destination: this.#options.peer,
      nextSeq: () => ++this.#seq,
    }).then(({ outcome }) => {
      if (probe !== this.#probe) return; // its deadline passed, or a newer probe went out
      this.#deadline?.cancel();
      this.#deadline = undefined;
      this.#result(outcome, sentAt);
    });
  }

  #result(outcome: RequestOutcome, sentAt: number): void {
    const now = this.#options.clock.now();
    const status = outcomeStatus(outcome);
    const up = outcome.kind === 'response' && answeredUp(status);
    this.#settle(up ? 'answered' : 'failed', {
      lastStatus: status,
      lastCheckedAt: now,
      ...(outcome.kind === 'response' ? { lastRttMs: now - sentAt } : {}),
    });
  }

  #settle(result: ProbeResult, detail: Omit<PeerStatus, 'state' | 'since'>): void {
    const from = this.#machine.state;
    const to = this.#machine.transition(result);
    if (to === undefined) return;
    const since = from === to ? this.#status.since : this.#options.clock.now();
    this.#status = { ...detail, state: to, since };
    if (from !== to) {
      this.#options.logger?.info({ from, to, lastStatus: detail.lastStatus }, 'peer status');
      this.emit('status', { from, to, status: this.#status });
    }
  }

  #request(): SipRequest {
    const { peer, transport, uri, from, productToken } = this.#options;
    const { host, port } = transport.sentBy(peer.protocol);
    const param = peer.protocol === 'udp' ? '' : `;transport=${peer.protocol}`;
    return new SipRequest({
      method: 'OPTIONS',
      uri: parseUri(uri),
      headers: [
        ['Max-Forwards', '70'],
        ['From', `<${from}>;tag=${newTag()}`],
        ['To', `<${uri}>`],
        // A new Call-ID per probe: each OPTIONS is a request of its own (RFC 3261 §11.1).
        ['Call-ID', randomBytes(12).toString('hex')],
        ['CSeq', `${++this.#seq} OPTIONS`],
        ['Contact', `<sip:${host}:${port}${param}>`],
        ['Accept', 'application/sdp'],
        ...(productToken === undefined ? [] : [['User-Agent', productToken] as [string, string]]),
      ],
    });
  }
}
