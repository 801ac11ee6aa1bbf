// Our re-INVITEs and UPDATEs (RFC 3261 §14.1, RFC 3311 §5.1): hold, resume, session refresh, and the random back-off after 491.
import { HotlineError, type TimerHandle } from '../../../platform/index.ts';
import type { SipResponse } from '../message/index.ts';
import { type RequestOutcome, dialogLost, statusOf } from './in-dialog-client.ts';
import { sdpOf } from './message-body.ts';
import type { RemoteOffers } from './remote-offers.ts';
import type { HeaderList } from './session-events.ts';
import { parseMinSE, requestTimerHeaders } from './session-expires.ts';
import type { SessionHost } from './session-host.ts';

export type OfferOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      /** The peer's answer; undefined for a refresh without SDP. */
      readonly sdp: string | undefined;
      readonly response: SipResponse;
    }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/**
 * Our SDP for the offer, or a function that makes it. A function is called again for each try
 * after a 491, so an owner can withdraw its refused offer and make a fresh one (the sdp/
 * module's OfferAnswerSession: cancelOffer(), then createOffer()).
 */
export type LocalSdp = string | (() => string);

/**
 * RFC 3261 §14.1: after a 491, the owner of the Call-ID waits 2.1-4 s, the other side 0-2 s,
 * in units of 10 ms, so that the two retries do not collide again.
 */
export function glareBackoffMs(ownsCallId: boolean, random: () => number): number {
  const tens = ownsCallId ? 210 + Math.floor(random() * 191) : Math.floor(random() * 201);
  return tens * 10;
}

interface Attempt {
  readonly method: 'INVITE' | 'UPDATE';
  readonly sdp: LocalSdp | undefined;
  readonly headers: HeaderList | undefined;
  readonly resolve: (outcome: OfferOutcome) => void;
  tries: number;
}

export class LocalOffers {
  readonly #host: SessionHost;
  readonly #remote: RemoteOffers;
  #current: Attempt | undefined;
  #backoff: TimerHandle | undefined;
  /** Raised by a 422 to a refresh (RFC 4028 §7.3). */
  #minSE: number;

  constructor(host: SessionHost, remote: RemoteOffers) {
    this.#host = host;
    this.#remote = remote;
    this.#minSE = host.ctx.settings.sessionTimer.minSE;
  }

  /** An offer or refresh of ours is in flight or waiting out a 491 back-off. */
  get busy(): boolean {
    return this.#current !== undefined;
  }

  /**
   * Sends a re-INVITE or UPDATE with our offer; resolves with the answer or the refusal. Throws
   * HotlineError 'conflict' when the call is not up, or an offer exchange is already under way
   * (RFC 3261 §14.1: one INVITE transaction at a time in each dialog).
   */
  offer(method: 'INVITE' | 'UPDATE', sdp: LocalSdp, headers?: HeaderList): Promise<OfferOutcome> {
    const host = this.#host;
    if (host.state() !== 'confirmed') {
      throw new HotlineError(
        'conflict',
        `The call is ${host.state()}, not up: it cannot be re-offered now.`,
      );
    }
    if (
      this.busy ||
      host.phase.state !== 'idle' ||
      (method === 'INVITE' && this.#remote.inviteInProgress)
    ) {
      throw new HotlineError(
        'conflict',
        'Another SDP offer is under way on this call; wait for it to finish before offering again.',
      );
    }
    return new Promise((resolve) => {
      this.#current = { method, sdp, headers, resolve, tries: 0 };
      this.#send(this.#current);
    });
  }

  /**
   * RFC 4028 §10: refresh as the refresher, by UPDATE without SDP when the peer allows UPDATE,
   * else by re-INVITE with the SDP in force (RFC 3264 §8: an unchanged offer). An exchange
   * already under way carries the refresh itself, so none is added.
   */
  refresh(): void {
    const host = this.#host;
    if (host.state() !== 'confirmed' || this.busy || host.phase.state !== 'idle') return;
    if (this.#remote.inviteInProgress) return;
    const local = host.phase.localSdp;
    const useUpdate = host.peerAllows('UPDATE') || local === undefined;
    this.#current = {
      method: useUpdate ? 'UPDATE' : 'INVITE',
      sdp: useUpdate ? undefined : local,
      headers: undefined,
      resolve: () => undefined,
      tries: 0,
    };
    this.#send(this.#current);
  }

  /** The session ended: a back-off stops and a pending offer is reported refused. */
  close(): void {
    this.#backoff?.cancel();
    this.#backoff = undefined;
    const current = this.#current;
    this.#current = undefined;
    current?.resolve({
      ok: false,
      status: 487,
      reason: 'The call ended before the offer was answered.',
    });
  }

  #send(attempt: Attempt): void {
    const host = this.#host;
    const body = typeof attempt.sdp === 'function' ? attempt.sdp() : attempt.sdp;
    if (body !== undefined && !host.phase.sendOffer(body)) {
      this.#done({ ok: false, status: 491, reason: 'An offer of the peer is open; try again.' });
      return;
    }
    const running = host.timer.state === 'running' && host.timer.refresher !== undefined;
    const timerHeaders = running
      ? requestTimerHeaders(
          host.ctx.settings.sessionTimer,
          { interval: host.timer.interval, refresher: host.timer.refresher ?? 'local' },
          this.#minSE,
        )
      : [];
    const sent = host.send(
      attempt.method,
      {
        contact: host.contact(),
        headers: [...host.requestHeaders(), ...timerHeaders, ...(attempt.headers ?? [])],
        ...(body === undefined ? {} : { body, contentType: 'application/sdp' }),
      },
      (outcome) => this.#outcome(attempt, body !== undefined, outcome),
    );
    if (!sent) {
      host.phase.offerFailed();
      this.#done({ ok: false, status: 481, reason: 'The dialog no longer exists.' });
    }
  }

  #outcome(attempt: Attempt, offered: boolean, outcome: RequestOutcome): void {
    if (this.#current !== attempt) return;
    const host = this.#host;
    const status = statusOf(outcome);
    if (outcome.kind === 'response' && status < 300) {
      const response = outcome.response;
      const body = sdpOf(response);
      const sdp = body.ok ? body.sdp : undefined;
      if (offered) {
        // RFC 3261 §14.1: a 2xx without the answer leaves the session in force as it was.
        if (sdp !== undefined) host.phase.receiveAnswer(sdp);
        else host.phase.offerFailed();
      }
      host.dialog()?.refreshTarget(response);
      host.timerAsUac(response);
      this.#done({ ok: true, status, sdp, response });
      return;
    }
    host.phase.offerFailed();
    const retry =
      attempt.tries < host.ctx.settings.maxGlareRetries && (status === 491 || status === 422);
    if (retry && outcome.kind === 'response') {
      attempt.tries++;
      if (status === 422) {
        this.#minSE = Math.max(this.#minSE, parseMinSE(outcome.response) ?? this.#minSE);
        this.#send(attempt);
        return;
      }
      this.#backoff = host.ctx.clock.after(
        glareBackoffMs(host.ownsCallId(), host.ctx.random),
        () => {
          this.#backoff = undefined;
          if (this.#current !== attempt) return;
          if (host.state() !== 'confirmed') return this.close();
          // The peer's own offer may be open now; its exchange goes first, then ours.
          if (host.phase.state !== 'idle' || this.#remote.inviteInProgress) {
            this.#done({
              ok: false,
              status: 491,
              reason: 'The peer made its own offer meanwhile.',
            });
            return;
          }
          this.#send(attempt);
        },
      );
      return;
    }
    const reason = outcome.kind === 'response' ? outcome.response.reason : outcome.kind;
    this.#done({ ok: false, status, reason });
    // RFC 3261 §12.2.1.2: a 481 or 408 means the dialog is gone.
    if (dialogLost(outcome)) host.lost(outcome);
  }

  #done(outcome: OfferOutcome): void {
    const current = this.#current;
    this.#current = undefined;
    current?.resolve(outcome);
  }
}
