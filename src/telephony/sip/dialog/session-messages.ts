// The headers every message of a leg carries (Allow, Supported, Contact, Server/User-Agent) and our responses to in-dialog requests.
import { type SipRequest, type SipResponse, createResponse } from '../message/index.ts';
import type { DialogSettings } from './session-context.ts';
import type { HeaderList } from './session-events.ts';

/** Allow and Supported: RFC 3261 §20.5, §20.37; sent on INVITE, its 2xx, UPDATE, OPTIONS. */
export function capabilityHeaders(settings: DialogSettings): [string, string][] {
  return [
    ['Allow', settings.allow.join(', ')],
    ['Supported', settings.supported.join(', ')],
  ];
}

/** Allow, Supported and User-Agent for a request we send. */
export function requestHeaders(settings: DialogSettings): [string, string][] {
  const headers = capabilityHeaders(settings);
  if (settings.productToken !== undefined) headers.push(['User-Agent', settings.productToken]);
  return headers;
}

export interface ResponseParts {
  readonly reason?: string;
  readonly headers?: HeaderList;
  readonly sdp?: string;
  /** Add our Contact (2xx to a target refresh request, dialog-forming responses). */
  readonly contact?: boolean;
  /** Our To tag, for a response that forms the dialog (RFC 3261 §8.2.6.2). */
  readonly toTag?: string;
  /** Copy Record-Route: responses that form the dialog (RFC 3261 §12.1.1). */
  readonly recordRoute?: boolean;
}

/**
 * Our response to a request of this leg. A 2xx to INVITE, UPDATE or OPTIONS and a 405 say what
 * we allow and support (RFC 3261 §20.5, §21.4.6); OPTIONS is told we take SDP (§11.2).
 */
export function sessionResponse(
  settings: DialogSettings,
  contact: () => string,
  request: SipRequest,
  status: number,
  parts: ResponseParts = {},
): SipResponse {
  const headers: [string, string][] = [];
  if (parts.contact === true) headers.push(['Contact', contact()]);
  const method = request.method;
  const describes =
    (status >= 200 &&
      status < 300 &&
      (method === 'INVITE' || method === 'UPDATE' || method === 'OPTIONS')) ||
    status === 405;
  if (describes) headers.push(...capabilityHeaders(settings));
  if (method === 'OPTIONS' && status === 200) headers.push(['Accept', 'application/sdp']);
  if (settings.productToken !== undefined) headers.push(['Server', settings.productToken]);
  for (const h of parts.headers ?? []) headers.push('name' in h ? [h.name, h.value] : [h[0], h[1]]);
  if (parts.sdp !== undefined) headers.push(['Content-Type', 'application/sdp']);
  return createResponse(request, status, parts.reason, {
    headers,
    ...(parts.toTag === undefined ? {} : { toTag: parts.toTag }),
    ...(parts.recordRoute === true ? { recordRoute: true } : {}),
    ...(parts.sdp === undefined ? {} : { body: parts.sdp }),
  });
}
