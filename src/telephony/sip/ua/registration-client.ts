// Registers one account with a carrier's registrar (RFC 3261 §10.2): digest on 401/407, refresh
// before expiry, 423 Min-Expires honoured, back-off on failure, Expires: 0 on stop.
import { randomBytes } from 'node:crypto';
import {
  StateMachine,
  TypedEmitter,
  silentLogger,
  type Clock,
  type Logger,
  type Scheduler,
  type TimerHandle,
  type TransitionTable,
} from '../../../platform/index.ts';
import type { DigestClient } from '../auth/index.ts';
import { SipRequest, parseUri, type ContactList, type SipResponse } from '../message/index.ts';
import { newTag, type TransactionLayer } from '../transaction/index.ts';
import type { Peer, SipTransport } from '../transport/index.ts';
import { outcomeStatus, sendOutOfDialog, type RequestOutcome } from './out-of-dialog-request.ts';

export const registrationStates = [
  'unregistered',
  'registering',
  'registered',
  'failed',
  'unregistering',
] as const;
export type RegistrationState = (typeof registrationStates)[number];

export const registrationEvents = [
  'start',
  'refresh',
  'retry',
  'accepted',
  'rejected',
  'stop',
  'released',
] as const;
export type RegistrationEvent = (typeof registrationEvents)[number];

/** The legal moves. A refresh keeps 'registered': the binding still stands while it is renewed. */
export const registrationTransitions: TransitionTable<RegistrationState, RegistrationEvent> = {
  unregistered: { start: 'registering' },
  registering: { accepted: 'registered', rejected: 'failed', stop: 'unregistering' },
  registered: {
    refresh: 'registered',
    accepted: 'registered',
    rejected: 'failed',
    stop: 'unregistering',
  },
  failed: { retry: 'registering', stop: 'unregistered' },
  unregistering: { released: 'unregistered' },
};

export interface RegistrationStatus {
  readonly state: RegistrationState;
  /** When the state last changed, epoch ms. */
  readonly since: number;
  /** When the binding runs out, while registered. */
  readonly expiresAt?: number;
  /** The last final status (408 for a timeout, 503 when unreachable). */
  readonly lastStatus?: number;
  /** Why the last attempt failed. */
  readonly reason?: string;
  /** When the next attempt goes, while failed. */
  readonly retryAt?: number;
}

export interface RegistrationClientEvents {
  /** Every state change, with the status after it. */
  state: { from: RegistrationState; to: RegistrationState; status: RegistrationStatus };
}

export interface RegistrationClientOptions {
  readonly transactions: Pick<TransactionLayer, 'sendRequest'>;
  /** For our Contact: the address the transport advertises. */
  readonly transport: Pick<SipTransport, 'sentBy'>;
  readonly clock: Clock & Scheduler;
  readonly logger?: Logger;
  /** Where REGISTERs go. */
  readonly registrar: Peer;
  /** The Request-URI: the registrar's domain, `sip:host[:port]` (RFC 3261 §10.2). */
  readonly registrarUri: string;
  /** The address of record, `sip:user@domain`: From and To. */
  readonly aor: string;
  /** The user part of our Contact: inbound calls for this account come to it. */
  readonly contactUser: string;
  readonly auth?: DigestClient;
  /** Seconds asked for. */
  readonly expires: number;
  /** First wait after a failure, doubled each time up to `maxBackoffMs`. Default 30 s, 30 min. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Sent as User-Agent. */
  readonly productToken?: string;
}

/** RFC 3261 §10.2.8: a 423 may be answered with a longer Expires; a few times is plenty. */
const MAX_INTERVAL_RETRIES = 3;

export class RegistrationClient extends TypedEmitter<RegistrationClientEvents> {
  readonly #options: RegistrationClientOptions;
  readonly #logger: Logger;
  readonly #machine: StateMachine<RegistrationState, RegistrationEvent>;
  /** RFC 3261 §10.2.4: refreshes keep the Call-ID and raise the CSeq. */
  readonly #callId = randomBytes(12).toString('hex');
  readonly #fromTag = newTag();
  #seq = 0;
  #expires: number;
  #timer: TimerHandle | undefined;
  #failures = 0;
  #status: RegistrationStatus;
  #stopping: Promise<void> | undefined;

  constructor(options: RegistrationClientOptions) {
    super((error) => options.logger?.error({ err: error }, 'a registration listener threw'));
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
    this.#expires = options.expires;
    this.#status = { state: 'unregistered', since: options.clock.now() };
    this.#machine = new StateMachine(registrationTransitions, 'unregistered');
  }

  get state(): RegistrationState {
    return this.#machine.state;
  }

  get status(): RegistrationStatus {
    return this.#status;
  }

  /** Sends the first REGISTER. */
  start(): void {
    if (this.#move('start', {})) this.#register();
  }

  /**
   * Cancels timers and, when a binding may stand, removes it (Expires: 0). Resolves when the
   * registrar answered or gave up; idempotent.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#timer?.cancel();
    this.#timer = undefined;
    const wasBound = this.state === 'registered' || this.state === 'registering';
    if (!this.#move('stop', {})) return;
    if (!wasBound) return;
    const { outcome } = await this.#send(0);
    const status = outcomeStatus(outcome);
    this.#move(
      'released',
      status < 300
        ? { lastStatus: status }
        : {
            lastStatus: status,
            reason: `unregister answered ${describe(outcome)}`,
          },
    );
  }

  #register(): void {
    void this.#attempt(0);
  }

  async #attempt(intervalRetries: number): Promise<void> {
    const { outcome } = await this.#send(this.#expires);
    if (this.state !== 'registering' && this.state !== 'registered') return; // stopped meanwhile
    if (outcome.kind === 'response' && outcome.response.status < 300) {
      this.#accepted(outcome.response);
      return;
    }
    const status = outcomeStatus(outcome);
    if (status === 423 && outcome.kind === 'response' && intervalRetries < MAX_INTERVAL_RETRIES) {
      // RFC 3261 §10.2.8: retry with at least the Min-Expires the registrar asks for.
      const min = Number(outcome.response.get('min-expires')?.trim());
      if (Number.isInteger(min) && min > this.#expires) {
        this.#logger.info({ from: this.#expires, to: min }, 'registrar asked for a longer Expires');
        this.#expires = min;
        await this.#attempt(intervalRetries + 1);
        return;
      }
    }
    this.#failed(outcome);
  }

  #accepted(response: SipResponse): void {
    this.#failures = 0;
    const granted = this.#granted(response);
    const now = this.#options.clock.now();
    this.#move('accepted', { lastStatus: response.status, expiresAt: now + granted * 1000 });
    this.#schedule(refreshDelayMs(granted), () => {
      if (this.#move('refresh', this.#status)) this.#register();
    });
  }

  #failed(outcome: RequestOutcome): void {
    const delay = Math.min(
      (this.#options.backoffMs ?? 30_000) * 2 ** this.#failures,
      this.#options.maxBackoffMs ?? 1_800_000,
    );
    this.#failures++;
    const reason = describe(outcome);
    this.#logger.warn({ reason, retryInMs: delay }, 'registration failed');
    this.#move('rejected', {
      lastStatus: outcomeStatus(outcome),
      reason,
      retryAt: this.#options.clock.now() + delay,
    });
    this.#schedule(delay, () => {
      // A fresh start: the old nonce may be what the registrar refused.
      this.#options.auth?.reset();
      if (this.#move('retry', {})) this.#register();
    });
  }

  /** The expiry granted to our contact (RFC 3261 §10.2.4): its expires param, else Expires, else asked. */
  #granted(response: SipResponse): number {
    const ours = this.#contactUri();
    let contacts: ContactList | undefined;
    try {
      contacts = response.contact;
    } catch {
      contacts = undefined;
    }
    if (contacts !== undefined && contacts !== '*') {
      for (const contact of contacts) {
        const uri = contact.uri;
        if (uri.type !== 'sip' || uri.user !== this.#options.contactUser) continue;
        const host = `${uri.host}:${uri.port ?? 5060}`;
        if (!ours.includes(host)) continue;
        const value = Number(contact.params.get('expires'));
        if (Number.isInteger(value) && value > 0) return value;
      }
    }
    let header: number | undefined;
    try {
      header = response.expires;
    } catch {
      header = undefined;
    }
    return header !== undefined && header > 0 ? header : this.#expires;
  }

  #send(expires: number): Promise<{ outcome: RequestOutcome }> {
    const { registrar, registrarUri, aor, auth, clock, productToken } = this.#options;
    const request = new SipRequest({
      method: 'REGISTER',
      uri: parseUri(registrarUri),
      headers: [
        ['Max-Forwards', '70'],
        ['From', `<${aor}>;tag=${this.#fromTag}`],
        ['To', `<${aor}>`],
        ['Call-ID', this.#callId],
        ['CSeq', `${++this.#seq} REGISTER`],
        ['Contact', `<${this.#contactUri()}>`],
        ['Expires', String(expires)],
        ...(productToken === undefined ? [] : [['User-Agent', productToken] as [string, string]]),
      ],
    });
    // RFC 3261 §22.3: the challenge last answered may be answered again before it is asked.
    if (auth !== undefined) {
      for (const credentials of auth.reauthorize({ method: 'REGISTER', requestUri: registrarUri }))
        request.add('Authorization', credentials.value);
    }
    return sendOutOfDialog({
      transactions: this.#options.transactions,
      clock,
      request,
      destination: registrar,
      ...(auth === undefined ? {} : { auth }),
      nextSeq: () => ++this.#seq,
    });
  }

  #contactUri(): string {
    const { registrar, transport, contactUser } = this.#options;
    const { host, port } = transport.sentBy(registrar.protocol);
    const param = registrar.protocol === 'udp' ? '' : `;transport=${registrar.protocol}`;
    return `sip:${contactUser}@${host}:${port}${param}`;
  }

  #schedule(delayMs: number, fn: () => void): void {
    this.#timer?.cancel();
    this.#timer = this.#options.clock.after(delayMs, () => {
      this.#timer = undefined;
      fn();
    });
  }

  #move(event: RegistrationEvent, detail: Omit<RegistrationStatus, 'state' | 'since'>): boolean {
    const from = this.state;
    const to = this.#machine.transition(event);
    if (to === undefined) return false;
    const since = from === to ? this.#status.since : this.#options.clock.now();
    this.#status = { ...detail, state: to, since };
    if (from !== to || event === 'accepted') this.emit('state', { from, to, status: this.#status });
    return true;
  }
}

/**
 * When to refresh a binding of `granted` seconds: at 90 %, but at least 30 s early on long ones
 * (a lost REGISTER over UDP takes up to 32 s, Timer F) and halfway through on short ones.
 */
export function refreshDelayMs(granted: number): number {
  const seconds = granted > 60 ? Math.min(granted * 0.9, granted - 30) : granted / 2;
  return Math.max(1, seconds) * 1000;
}

function describe(outcome: RequestOutcome): string {
  if (outcome.kind === 'timeout') return 'no answer (timeout)';
  if (outcome.kind === 'unreachable') return `unreachable: ${outcome.reason}`;
  return `${outcome.response.status} ${outcome.response.reason}`;
}
