// The header checks every message must pass (RFC 3261 §8.1.1, §8.2.2), and the partial kept to answer a rejected one.
import {
  type CSeq,
  parseCSeq,
  parseCallId,
  parseContentLength,
  parseMaxForwards,
} from './header-values.ts';
import { controlAt } from './message-framing.ts';
import { type NameAddr, parseNameAddr } from './name-addr.ts';
import type { ParsePartial } from './parse-result.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';
import { type Problem, type StartLine, problem } from './start-line.ts';
import { type Via, parseTopVia } from './via.ts';

/** A header line as split by the parser; mutable while folded lines are appended. */
export interface Entry {
  name: string;
  key: string;
  value: string;
}

export interface Checked {
  readonly topVia: Via;
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  readonly maxForwards: number | undefined;
  readonly contentLength: number | undefined;
}

/**
 * The checks of RFC 3261 §8.1.1 and §8.2.2 that a message must pass before any layer sees it:
 * To, From, CSeq, Call-ID and Via present (and Max-Forwards in requests), each single-valued
 * one only once (RFC 4475 multi01, mcl01), all of them well formed, and the CSeq method equal
 * to the request method (RFC 4475 mismatch01/02).
 */
export function checkHeaders(
  entries: readonly Entry[],
  line: StartLine,
  requireMaxForwards: boolean,
): Checked | Problem {
  let from: string | undefined;
  let to: string | undefined;
  let callId: string | undefined;
  let cseqText: string | undefined;
  let mf: string | undefined;
  let cl: string | undefined;
  let duplicate: string | undefined;
  const vias: string[] = [];
  for (const e of entries) {
    switch (e.key) {
      case 'via':
        vias.push(e.value);
        break;
      case 'from':
        if (from !== undefined) duplicate ??= 'From';
        from = e.value;
        break;
      case 'to':
        if (to !== undefined) duplicate ??= 'To';
        to = e.value;
        break;
      case 'call-id':
        if (callId !== undefined) duplicate ??= 'Call-ID';
        callId = e.value;
        break;
      case 'cseq':
        if (cseqText !== undefined) duplicate ??= 'CSeq';
        cseqText = e.value;
        break;
      case 'max-forwards':
        if (mf !== undefined) duplicate ??= 'Max-Forwards';
        mf = e.value;
        break;
      case 'content-length':
        if (cl !== undefined) duplicate ??= 'Content-Length';
        cl = e.value;
        break;
    }
    // The headers above are parsed in full below, which refuses controls; the rest may be
    // forwarded as they are, so they are checked here.
    if (
      e.key !== 'from' &&
      e.key !== 'to' &&
      e.key !== 'call-id' &&
      e.key !== 'cseq' &&
      controlAt(e.value) !== -1
    ) {
      const code = e.value.charCodeAt(controlAt(e.value)).toString(16).padStart(2, '0');
      return problem(
        'malformed-header',
        400,
        `Control character 0x${code} in the ${e.name} header`,
        e.name,
      );
    }
  }
  if (duplicate !== undefined) {
    return problem('duplicate-header', 400, `More than one ${duplicate} header`, duplicate);
  }
  const missing: string[] = [];
  if (to === undefined) missing.push('To');
  if (from === undefined) missing.push('From');
  if (cseqText === undefined) missing.push('CSeq');
  if (callId === undefined) missing.push('Call-ID');
  if (line.kind === 'request' && requireMaxForwards && mf === undefined)
    missing.push('Max-Forwards');
  if (vias.length === 0) missing.push('Via');
  if (
    from === undefined ||
    to === undefined ||
    callId === undefined ||
    cseqText === undefined ||
    missing.length > 0
  ) {
    const s = missing.length > 1 ? 's' : '';
    return problem('missing-header', 400, `Missing ${missing.join(', ')} header${s}`, missing[0]);
  }

  let current = 'Via';
  try {
    // Only the top Via is needed to take the message in; the others parse when read.
    const topVia = parseTopVia(vias[0] ?? '');
    current = 'From';
    const fromValue = parseNameAddr(from, 'From');
    current = 'To';
    const toValue = parseNameAddr(to, 'To');
    current = 'Call-ID';
    const callIdValue = parseCallId(callId);
    current = 'CSeq';
    const cseq = parseCSeq(cseqText);
    current = 'Max-Forwards';
    const maxForwards =
      line.kind === 'request' && mf !== undefined ? parseMaxForwards(mf) : undefined;
    current = 'Content-Length';
    const contentLength = cl === undefined ? undefined : parseContentLength(cl);
    if (line.kind === 'request' && cseq.method !== line.method) {
      const reason = `CSeq method ${cseq.method} does not match ${line.method}`;
      return problem('cseq-mismatch', 400, reason, 'CSeq');
    }
    return {
      topVia,
      from: fromValue,
      to: toValue,
      callId: callIdValue,
      cseq,
      maxForwards,
      contentLength,
    };
  } catch (error) {
    if (!(error instanceof SipSyntaxError)) throw error;
    return problem('malformed-header', 400, error.message, current);
  }
}

export function partialOf(
  entries: readonly Entry[],
  kind: 'request' | 'response',
  method: string | undefined,
): ParsePartial {
  const via: string[] = [];
  let from: string | undefined;
  let to: string | undefined;
  let callId: string | undefined;
  let cseq: string | undefined;
  let timestamp: string | undefined;
  for (const e of entries) {
    if (e.key === 'via') via.push(e.value);
    else if (e.key === 'from') from ??= e.value;
    else if (e.key === 'to') to ??= e.value;
    else if (e.key === 'call-id') callId ??= e.value;
    else if (e.key === 'cseq') cseq ??= e.value;
    else if (e.key === 'timestamp') timestamp ??= e.value;
  }
  let topVia: Via | undefined;
  try {
    topVia = via[0] === undefined ? undefined : parseTopVia(via[0]);
  } catch {
    topVia = undefined;
  }
  return { kind, method, via, topVia, from, to, callId, cseq, timestamp };
}
