// Builds requests inside a dialog (RFC 3261 §12.2.1.1) and the ACK for a 2xx (§13.2.2.4).
import { HotlineError } from '../../../platform/index.ts';
import { type SipHeader, SipRequest, type Uri } from '../message/index.ts';
import { type RouteEntry, startsWithStrictRouter } from './route-set.ts';

/** What a request needs from its dialog. */
export interface DialogAddressing {
  readonly callId: string;
  /** Our From value, tag included. */
  readonly localAddress: string;
  /** Their To value, tag included once known. */
  readonly remoteAddress: string;
  readonly remoteTarget: Uri;
  readonly routeSet: readonly RouteEntry[];
}

export interface InDialogRequestOptions {
  /** Our Contact value; required in target refresh requests (re-INVITE, UPDATE) and REFER, NOTIFY. */
  readonly contact?: string;
  /** More headers after the dialog's own (Allow, Supported, Event, Session-Expires, ...). */
  readonly headers?: Iterable<SipHeader | readonly [string, string]>;
  readonly body?: string | Buffer;
  /** Content-Type of `body`; required when a body is given. */
  readonly contentType?: string;
}

/** RFC 3261 §8.1.1.6: requests start with 70 hops. */
export const MAX_FORWARDS = '70';

/**
 * RFC 3261 §12.2.1.1: Request-URI = the remote target; Route = the route set, in order; From and
 * To from the dialog with their tags; Call-ID of the dialog; CSeq as given. Only loose routing:
 * a route set that starts with a strict router is refused, as it would need the Request-URI to
 * name the router and the target to travel last in Route.
 */
export function createInDialogRequest(
  dialog: DialogAddressing,
  method: string,
  seq: number,
  options: InDialogRequestOptions = {},
): SipRequest {
  if (startsWithStrictRouter(dialog.routeSet)) {
    throw new HotlineError(
      'invalid-input',
      'The dialog route set starts with a strict router (a Record-Route without ;lr); Hotline routes loosely only. Configure the proxy to record-route with ;lr.',
    );
  }
  const headers: [string, string][] = dialog.routeSet.map((r) => ['Route', r.value]);
  headers.push(
    ['Max-Forwards', MAX_FORWARDS],
    ['From', dialog.localAddress],
    ['To', dialog.remoteAddress],
    ['Call-ID', dialog.callId],
    ['CSeq', `${seq} ${method}`],
  );
  if (options.contact !== undefined) headers.push(['Contact', options.contact]);
  for (const h of options.headers ?? [])
    headers.push('name' in h ? [h.name, h.value] : [h[0], h[1]]);
  const hasBody = options.body !== undefined && options.body.length > 0;
  if (hasBody) {
    if (options.contentType === undefined) throw new Error(`a ${method} body needs a Content-Type`);
    headers.push(['Content-Type', options.contentType]);
  }
  return new SipRequest({ method, uri: dialog.remoteTarget, headers, body: options.body });
}

/**
 * RFC 3261 §13.2.2.4: the ACK for a 2xx is built like any in-dialog request, with the CSeq
 * number of the INVITE it acknowledges and method ACK; it carries the answer when the 2xx held
 * an offer.
 */
export function createAck(
  dialog: DialogAddressing,
  inviteSeq: number,
  body?: { readonly sdp: string },
): SipRequest {
  return createInDialogRequest(
    dialog,
    'ACK',
    inviteSeq,
    body === undefined ? {} : { body: body.sdp, contentType: 'application/sdp' },
  );
}
