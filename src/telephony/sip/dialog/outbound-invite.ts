// Builds the INVITE of an outbound leg (RFC 3261 §8.1.1, §13.2.1) and finds where it goes.
import { HotlineError } from '../../../platform/index.ts';
import type { DigestClient } from '../auth/index.ts';
import {
  type NameAddr,
  SipRequest,
  type Uri,
  parseNameAddr,
  parseUri,
  serializeNameAddr,
  serializeUri,
} from '../message/index.ts';
import { newTag, randomHex } from '../transaction/index.ts';
import type { Peer } from '../transport/index.ts';
import { MAX_FORWARDS } from './in-dialog-request.ts';
import { localContact } from './local-contact.ts';
import type { SessionContext } from './session-context.ts';
import type { HeaderList } from './session-events.ts';
import { requestTimerHeaders } from './session-expires.ts';
import { requestHeaders } from './session-messages.ts';

export interface OutboundInvite {
  /** The Request-URI: a registered extension's Contact, or a number at a trunk. */
  readonly target: Uri | string;
  /** Our From (name-addr or URI, no tag: one is added). */
  readonly from: string;
  /** The To; the target by default. */
  readonly to?: string;
  /** Our offer. Without it the INVITE asks for the peer's offer (give `answerOffer`). */
  readonly localSdp?: string;
  /** For an INVITE without SDP: our answer to the 2xx's offer, which goes in the ACK. */
  readonly answerOffer?: (offer: string) => string | undefined;
  /** More headers (P-Asserted-Identity, Route for an outbound proxy, ...); copied from nowhere else. */
  readonly headers?: HeaderList;
  /**
   * Where to send it: for a registered extension, the source its REGISTER came from (NAT; the
   * TCP/WS connection id). By default the layer's resolver is asked (first Route, else target).
   */
  readonly destination?: Peer;
  /** Give up ringing after this long (CANCEL, cause 'no-answer'); the layer's default otherwise. */
  readonly ringTimeoutMs?: number;
  /** Answers 401/407 (a trunk that authenticates us). */
  readonly auth?: DigestClient;
  /** A Call-ID of our choosing; a random one by default. */
  readonly callId?: string;
  /**
   * Max-Forwards (RFC 3261 §8.1.1.6): a B2BUA leg placed for an inbound one carries that one's
   * count less one, so a loop through Hotline still ends in 483. 70 by default.
   */
  readonly maxForwards?: number;
}

function invalid(message: string, field: string, cause?: unknown): HotlineError {
  return new HotlineError('invalid-input', message, {
    field,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A name-addr without a tag: the caller's tag would clash with ours. */
function address(value: string, field: string): NameAddr {
  let parsed: NameAddr;
  try {
    parsed = parseNameAddr(value, field);
  } catch (error) {
    throw invalid(
      `The ${field} address "${value}" is not a SIP address: ${String(error)}`,
      field,
      error,
    );
  }
  const params = new Map(parsed.params);
  params.delete('tag');
  return { ...parsed, params };
}

function parseTarget(text: string): Uri {
  try {
    return parseUri(text);
  } catch (error) {
    throw invalid(`The target "${text}" is not a URI.`, 'target', error);
  }
}

export function buildInvite(
  ctx: SessionContext,
  options: OutboundInvite,
): { readonly invite: SipRequest; readonly destination: Peer } {
  const target = typeof options.target === 'string' ? parseTarget(options.target) : options.target;
  const from = `${serializeNameAddr(address(options.from, 'from'))};tag=${newTag()}`;
  const to = serializeNameAddr(address(options.to ?? `<${serializeUri(target)}>`, 'to'));
  const extra: [string, string][] = [];
  for (const h of options.headers ?? []) extra.push('name' in h ? [h.name, h.value] : [h[0], h[1]]);
  // RFC 3261 §8.1.2: a pre-loaded Route (an outbound proxy) is the next hop.
  const firstRoute = extra.find(([name]) => name.toLowerCase() === 'route')?.[1];
  let hop: Uri = target;
  if (firstRoute !== undefined) {
    try {
      hop = parseNameAddr(firstRoute.split(',')[0] ?? firstRoute, 'Route').uri;
    } catch (error) {
      throw invalid(`The Route "${firstRoute}" is not a SIP address.`, 'headers', error);
    }
  }
  const destination =
    options.destination ??
    ctx.resolve({
      uri: hop,
      viaRoute: firstRoute !== undefined,
      method: 'INVITE',
      flow: undefined,
    });
  if (destination === undefined) {
    throw invalid(
      `No way to reach ${serializeUri(hop)}: give the destination (for an extension, where its REGISTER came from) or a resolver for host names.`,
      'destination',
    );
  }
  const settings = ctx.settings;
  const contact = localContact(ctx.transport, destination.protocol, {
    ...(settings.contactUser === undefined ? {} : { user: settings.contactUser }),
    secure: target.scheme === 'sips',
  });
  const headers: [string, string][] = [
    [
      'Max-Forwards',
      options.maxForwards === undefined ? MAX_FORWARDS : String(options.maxForwards),
    ],
    ['From', from],
    ['To', to],
    ['Call-ID', options.callId ?? randomHex(12)],
    ['CSeq', '1 INVITE'],
    ['Contact', contact],
    ...requestHeaders(settings),
    ...requestTimerHeaders(settings.sessionTimer),
    ...extra,
  ];
  const sdp = options.localSdp;
  if (sdp !== undefined) headers.push(['Content-Type', 'application/sdp']);
  try {
    return {
      invite: new SipRequest({ method: 'INVITE', uri: target, headers, body: sdp }),
      destination,
    };
  } catch (error) {
    throw invalid(`The INVITE could not be built: ${String(error)}`, 'headers', error);
  }
}
