// Remote answer of a ringing phone (BroadWorks "remote talk", the `talk` event package of the
// Access Extensions that Polycom, Yealink, Snom and Grandstream phones implement): a phone whose
// 1xx lists `talk` in Allow-Events answers the INVITE when an unsolicited NOTIFY `Event: talk`
// reaches it in that early dialog, as if its user had picked up.
import type { SipResponse } from '../message/index.ts';
import { statusOf, type RequestOutcome } from './in-dialog-client.ts';
import type { SessionHost } from './session-host.ts';

/** The event package a phone lists in Allow-Events when it takes remote answer. */
export const TALK_EVENT = 'talk';

/** Whether a provisional response offers remote answer (RFC 6665 §8.2.2: Allow-Events lists `talk`). */
export function offersTalk(response: SipResponse): boolean {
  try {
    return response.tokens('allow-events').some((token) => token.toLowerCase() === TALK_EVENT);
  } catch {
    // An Allow-Events that does not parse offers nothing.
    return false;
  }
}

/** How the phone took our NOTIFY: its final status (408 on a timeout, 503 when unreachable). */
export interface TalkOutcome {
  readonly status: number;
  readonly outcome: RequestOutcome['kind'];
}

/**
 * Sends NOTIFY `Event: talk` (no body, `Subscription-State: active`: an unsolicited NOTIFY needs
 * one, RFC 6665 §8.2.3) in the session's early dialog, with our Contact (§4.1.2.2: NOTIFY is a
 * target refresh request). Resolves with the final response's status; a refusal (489 Bad Event,
 * 481, 403) leaves the dialog and the INVITE as they are: the phone keeps ringing.
 */
export function sendTalk(host: SessionHost): Promise<TalkOutcome> {
  return new Promise((resolve) => {
    const sent = host.send(
      'NOTIFY',
      {
        contact: host.contact(),
        headers: [
          ['Event', TALK_EVENT],
          ['Subscription-State', 'active'],
          ...host.requestHeaders(),
        ],
      },
      (outcome) => resolve({ status: statusOf(outcome), outcome: outcome.kind }),
    );
    if (sent === undefined) resolve({ status: 481, outcome: 'unreachable' });
  });
}
