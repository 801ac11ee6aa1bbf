// The Refer-To header of a REFER (RFC 3515 §2.1) and a Replaces in its URI (RFC 3891 §6.1, for attended transfer).
import { type NameAddr, type SipRequest, parseNameAddr, unescapeUri } from '../message/index.ts';

export interface Replaces {
  readonly callId: string;
  readonly toTag: string;
  readonly fromTag: string;
  /** RFC 3891 §3: replace only a dialog that is still early. */
  readonly earlyOnly: boolean;
}

export type ReferToResult =
  | { readonly ok: true; readonly referTo: NameAddr; readonly replaces: Replaces | undefined }
  | { readonly ok: false; readonly reason: string };

/** RFC 3515 §2.4.1: a REFER carries exactly one Refer-To; anything else is answered 400. */
export function parseReferTo(request: SipRequest): ReferToResult {
  const values = request.values('refer-to');
  if (values.length !== 1 || values[0] === undefined) {
    return {
      ok: false,
      reason: `a REFER needs exactly one Refer-To, this one has ${values.length}`,
    };
  }
  let referTo: NameAddr;
  try {
    referTo = parseNameAddr(values[0], 'Refer-To');
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'invalid Refer-To' };
  }
  let replaces: Replaces | undefined;
  if (referTo.uri.type === 'sip') {
    for (const [name, value] of referTo.uri.headers) {
      if (name.toLowerCase() === 'replaces') replaces = parseReplaces(unescapeUri(value));
    }
  }
  return { ok: true, referTo, replaces };
}

/** RFC 3891 §6.1: callid *(SEMI (to-tag / from-tag / early-only / generic-param)); both tags required. */
export function parseReplaces(value: string): Replaces | undefined {
  const [callId, ...params] = value.split(';').map((part) => part.trim());
  if (callId === undefined || callId === '') return undefined;
  let toTag: string | undefined;
  let fromTag: string | undefined;
  let earlyOnly = false;
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq === -1 ? param : param.slice(0, eq)).trim().toLowerCase();
    const v = eq === -1 ? '' : param.slice(eq + 1).trim();
    if (name === 'to-tag') toTag = v;
    else if (name === 'from-tag') fromTag = v;
    else if (name === 'early-only') earlyOnly = true;
  }
  if (toTag === undefined || fromTag === undefined) return undefined;
  return { callId, toTag, fromTag, earlyOnly };
}
