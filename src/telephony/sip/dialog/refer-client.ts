// Sends REFER (RFC 3515 §2.4.2) and matches the NOTIFYs that come back to its subscription (RFC 3515 §2.4.4, RFC 6665 §4.1.3).
import { HotlineError, type TimerHandle } from '../../../platform/index.ts';
import { type SipRequest, escapeUri } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import { dialogLost, statusOf } from './in-dialog-client.ts';
import type { Replaces } from './refer-to.ts';
import { ReferSubscription } from './refer-subscription.ts';
import type { HeaderList } from './session-events.ts';
import type { SessionHost } from './session-host.ts';
import { parseSipfrag } from './sipfrag.ts';

export interface ReferOptions {
  /** RFC 3891: attended transfer, the dialog the target replaces (goes in the Refer-To URI). */
  readonly replaces?: Replaces;
  /** A Referred-By value (RFC 3892). */
  readonly referredBy?: string;
  readonly headers?: HeaderList;
}

/** The Refer-To value for `target` (a sip/sips/tel URI), with a Replaces URI header when given. */
export function referToValue(target: string, replaces?: Replaces): string {
  if (replaces === undefined) return `<${target}>`;
  const value =
    `${replaces.callId};to-tag=${replaces.toTag};from-tag=${replaces.fromTag}` +
    (replaces.earlyOnly ? ';early-only' : '');
  // RFC 3261 §19.1.1: a header value in a URI is escaped: ";", "=", "@" and ":" are reserved there.
  const escaped = escapeUri(value, 0);
  const separator = target.includes('?') ? '&' : '?';
  return `<${target}${separator}Replaces=${escaped}>`;
}

export class ReferClient {
  readonly #host: SessionHost;
  readonly #subscriptions = new Map<number, { sub: ReferSubscription; timer: TimerHandle }>();

  constructor(host: SessionHost) {
    this.#host = host;
  }

  /** Sends a REFER; throws HotlineError 'conflict' when the call is not up. */
  refer(target: string, options: ReferOptions = {}): ReferSubscription {
    const host = this.#host;
    if (host.state() !== 'confirmed') {
      throw new HotlineError(
        'conflict',
        `The call is ${host.state()}, not up: it cannot be transferred now.`,
      );
    }
    const headers: [string, string][] = [['Refer-To', referToValue(target, options.replaces)]];
    if (options.referredBy !== undefined) headers.push(['Referred-By', options.referredBy]);
    const holder: { sub?: ReferSubscription } = {};
    const sent = host.send(
      'REFER',
      {
        contact: host.contact(),
        headers: [...headers, ...host.requestHeaders(), ...(options.headers ?? [])],
      },
      (outcome) => {
        const sub = holder.sub;
        if (sub === undefined) return;
        const status = statusOf(outcome);
        if (outcome.kind === 'response' && status < 300) {
          sub.accepted(status);
          if (outcome.response.get('refer-sub')?.trim().toLowerCase() === 'false') {
            sub.end('no-subscription', status);
          }
          return;
        }
        sub.end('rejected', status);
        if (dialogLost(outcome)) host.lost(outcome);
      },
    );
    if (sent === undefined) {
      throw new HotlineError('conflict', 'The dialog no longer exists; the REFER was not sent.');
    }
    const id = sent.cseq.seq;
    const timer = host.ctx.clock.after(host.ctx.settings.referTimeoutMs, () => {
      this.#subscriptions.get(id)?.sub.end('timeout');
    });
    const subscription = new ReferSubscription(id, () => {
      this.#subscriptions.get(id)?.timer.cancel();
      this.#subscriptions.delete(id);
    });
    holder.sub = subscription;
    this.#subscriptions.set(id, { sub: subscription, timer });
    return subscription;
  }

  /** RFC 3515 §2.4.4: a NOTIFY in the dialog reports a REFER's progress. */
  receiveNotify(request: SipRequest, transaction: ServerTransaction): void {
    const host = this.#host;
    const event = parseEvent(request.get('event'));
    if (event === undefined || event.type !== 'refer') {
      // RFC 6665 §8.2.5: an event package we did not subscribe to.
      host.respond(transaction, host.response(request, 489));
      return;
    }
    const entry =
      event.id !== undefined
        ? this.#subscriptions.get(event.id)
        : this.#subscriptions.size === 1
          ? [...this.#subscriptions.values()][0]
          : undefined;
    if (entry === undefined) {
      host.respond(
        transaction,
        host.response(request, 481, { reason: 'Subscription Does Not Exist' }),
      );
      return;
    }
    host.respond(transaction, host.response(request, 200));
    const frag = parseSipfrag(request.body.toString('utf8'));
    const terminated = /^\s*terminated/i.test(request.get('subscription-state') ?? '');
    if (frag !== undefined) entry.sub.progress(frag.status, frag.reason, terminated);
    else if (terminated) entry.sub.end('final');
  }

  close(): void {
    for (const { sub } of [...this.#subscriptions.values()]) sub.end('session-ended');
    this.#subscriptions.clear();
  }
}

/** Event = event-type *( ;id=... ) (RFC 6665 §8.2.1); id is a token, the REFER's CSeq here. */
function parseEvent(
  value: string | undefined,
): { type: string; id: number | undefined } | undefined {
  if (value === undefined) return undefined;
  const [type, ...params] = value.split(';').map((part) => part.trim());
  if (type === undefined || type === '') return undefined;
  let id: number | undefined;
  for (const param of params) {
    const [name, v] = param.split('=').map((part) => part.trim());
    if (name?.toLowerCase() === 'id' && v !== undefined && /^\d+$/.test(v)) id = Number(v);
  }
  return { type: type.toLowerCase(), id };
}
