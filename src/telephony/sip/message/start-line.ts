// The first line of a SIP message (RFC 3261 §7.1, §7.2), and the problem record the parser reports.
import { TOKEN, allClass } from './char-classes.ts';
import { controlAt } from './message-framing.ts';
import type { ParseErrorCode, ParseErrorStatus } from './parse-result.ts';

export interface Problem {
  readonly code: ParseErrorCode;
  readonly status: ParseErrorStatus;
  readonly reason: string;
  readonly header?: string;
}

export function problem(
  code: ParseErrorCode,
  status: ParseErrorStatus,
  reason: string,
  header?: string,
): Problem {
  return header === undefined ? { code, status, reason } : { code, status, reason, header };
}

export type StartLine =
  | {
      readonly kind: 'request';
      readonly method: string;
      readonly uriText: string;
      readonly version: string;
    }
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly reason: string;
      readonly version: string;
    };

const VERSION = /^SIP\/(\d{1,4})\.(\d{1,4})$/i;

/**
 * Request-Line = Method SP Request-URI SP SIP-Version; Status-Line = SIP-Version SP Status-Code
 * SP Reason-Phrase. Exactly one SP between elements: extra SP (RFC 4475 lwsstart, trws) and LWS
 * inside the URI (lwsruri) are rejected, which RFC 4475 allows.
 */
export function parseStartLine(line: string, maxLength: number): StartLine | Problem {
  if (line.length > maxLength) return problem('too-large', 513, 'Start line too long');
  const sp1 = line.indexOf(' ');
  if (sp1 <= 0) return problem('malformed-start-line', 400, 'Malformed start line');
  const first = line.slice(0, sp1);
  if (first.length > 4 && first.slice(0, 4).toUpperCase() === 'SIP/') {
    const digits = line.slice(sp1 + 1, sp1 + 4);
    const after = line.charCodeAt(sp1 + 4);
    if (!/^[1-6]\d\d$/.test(digits) || !(Number.isNaN(after) || after === 32)) {
      return problem('malformed-start-line', 400, 'Malformed Status-Line: bad status code');
    }
    if (!VERSION.test(first)) return problem('malformed-start-line', 400, 'Malformed SIP-Version');
    if (controlAt(line) !== -1) {
      return problem('malformed-start-line', 400, 'Control character in the Reason-Phrase');
    }
    // RFC 4475 noreason: "SIP/2.0 100 " has an empty Reason-Phrase; the SP is tolerated missing.
    return {
      kind: 'response',
      version: first,
      status: Number(digits),
      reason: line.slice(sp1 + 5),
    };
  }
  if (!allClass(first, TOKEN)) return problem('malformed-start-line', 400, 'Malformed method');
  const sp2 = line.indexOf(' ', sp1 + 1);
  if (sp2 === sp1 + 1) return badRequestLine('more than one SP after the method');
  if (sp2 === -1) return badRequestLine('missing SIP-Version');
  const version = line.slice(sp2 + 1);
  if (!VERSION.test(version)) {
    if (VERSION.test(version.trimEnd())) return badRequestLine('whitespace after SIP-Version');
    if (version.charCodeAt(0) === 32) return badRequestLine('more than one SP before SIP-Version');
    if (version.includes(' ')) return badRequestLine('whitespace inside the Request-URI');
    return badRequestLine('malformed SIP-Version');
  }
  return { kind: 'request', method: first, uriText: line.slice(sp1 + 1, sp2), version };
}

function badRequestLine(why: string): Problem {
  return problem('malformed-start-line', 400, `Malformed Request-Line: ${why}`);
}
