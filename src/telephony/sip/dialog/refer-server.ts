// A REFER from the peer (RFC 3515): the owner decides; an accepted one reports the transfer's progress by NOTIFY with sipfrag bodies.
import { HotlineError, type TimerHandle } from '../../../platform/index.ts';
import type { SipRequest } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import { parseReferTo } from './refer-to.ts';
import type { ReferNotifier, ReferReceived } from './session-events.ts';
import type { SessionHost } from './session-host.ts';
import { SIPFRAG, sipfragBody } from './sipfrag.ts';

export class ReferServer {
  readonly #host: SessionHost;
  readonly #timers = new Set<TimerHandle>();
  readonly #notifiers = new Set<() => void>();

  constructor(host: SessionHost) {
    this.#host = host;
  }

  receive(request: SipRequest, transaction: ServerTransaction): void {
    const host = this.#host;
    const parsed = parseReferTo(request);
    if (!parsed.ok) {
      host.respond(transaction, host.response(request, 400, { reason: 'Bad Refer-To' }));
      return;
    }
    if (!host.listens('refer')) {
      host.respond(transaction, host.response(request, 603));
      return;
    }
    // RFC 4488: the referrer may ask for no implicit subscription; we honour it (Supported: norefersub).
    const noSubscription = request.get('refer-sub')?.trim().toLowerCase() === 'false';
    let settled = false;
    host.owe(transaction);
    const timeout = host.ctx.clock.after(host.ctx.settings.offerTimeoutMs, () => {
      this.#timers.delete(timeout);
      if (!settled) refer.reject(603, 'Transfer Not Answered');
    });
    this.#timers.add(timeout);
    const settle = (): boolean => {
      if (settled) throw new HotlineError('conflict', 'This REFER was already answered.');
      settled = true;
      timeout.cancel();
      this.#timers.delete(timeout);
      host.paid(transaction);
      return host.state() !== 'terminated';
    };
    const refer: ReferReceived = {
      request,
      referTo: parsed.referTo,
      replaces: parsed.replaces,
      referredBy: request.get('referred-by'),
      get settled() {
        return settled;
      },
      accept: () => {
        const live = settle();
        const headers: [string, string][] = noSubscription ? [['Refer-Sub', 'false']] : [];
        if (live)
          host.respond(transaction, host.response(request, 202, { contact: true, headers }));
        return live && !noSubscription ? this.#notifier(request.cseq.seq) : inactiveNotifier;
      },
      reject: (status = 603, reason?: string) => {
        if (status < 300 || status > 699) {
          throw new RangeError(`a REFER is refused with a status from 300 to 699, not ${status}`);
        }
        if (!settle()) return;
        host.respond(transaction, host.response(request, status, reason ? { reason } : {}));
      },
    };
    host.emit('refer', refer);
  }

  /** The session ended: subscriptions end without a NOTIFY (there is no dialog to carry it). */
  close(): void {
    for (const timer of this.#timers) timer.cancel();
    this.#timers.clear();
    for (const end of this.#notifiers) end();
    this.#notifiers.clear();
  }

  /**
   * RFC 3515 §2.4.4: an accepted REFER creates a subscription and a NOTIFY goes at once (100
   * Trying); RFC 3515 §2.4.6: the Event header's id is the REFER's CSeq number.
   */
  #notifier(id: number): ReferNotifier {
    const host = this.#host;
    const clock = host.ctx.clock;
    const expiresAt = clock.now() + host.ctx.settings.referTimeoutMs;
    let active = true;
    let last = 100;
    const end = (): void => {
      active = false;
      expiry.cancel();
      this.#timers.delete(expiry);
      this.#notifiers.delete(end);
    };
    const send = (status: number, reason: string | undefined, state: string): void => {
      host.send(
        'NOTIFY',
        {
          contact: host.contact(),
          headers: [
            ['Event', `refer;id=${id}`],
            ['Subscription-State', state],
            ...host.requestHeaders(),
          ],
          body: sipfragBody(status, reason),
          contentType: SIPFRAG,
        },
        // RFC 6665 §4.1.3: a 481 to a NOTIFY ends the subscription.
        (outcome) => {
          if (outcome.kind === 'response' && outcome.response.status === 481 && active) end();
        },
      );
    };
    // RFC 6665 §4.2.2: the subscription ends by timeout if the transfer never completes.
    const expiry = clock.after(host.ctx.settings.referTimeoutMs, () => {
      if (!active) return;
      end();
      send(last, undefined, 'terminated;reason=timeout');
    });
    this.#timers.add(expiry);
    this.#notifiers.add(end);
    const notifier: ReferNotifier = {
      get active() {
        return active;
      },
      notify: (status: number, reason?: string) => {
        if (!Number.isInteger(status) || status < 100 || status > 699) {
          throw new RangeError(`a transfer status is a SIP status from 100 to 699, not ${status}`);
        }
        if (!active) return;
        last = status;
        if (status >= 200) {
          end();
          send(status, reason, 'terminated;reason=noresource');
          return;
        }
        const remaining = Math.max(1, Math.ceil((expiresAt - clock.now()) / 1000));
        send(status, reason, `active;expires=${remaining}`);
      },
    };
    notifier.notify(100);
    return notifier;
  }
}

const inactiveNotifier: ReferNotifier = { active: false, notify: () => undefined };
