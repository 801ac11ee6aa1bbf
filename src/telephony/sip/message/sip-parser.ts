// Parses one SIP message from a datagram or a framed stream message (RFC 3261 §7, §8.2.2, §18.3); never throws.
import { TOKEN, allClass, isWs, trimWs } from './char-classes.ts';
import { headerKey, knownHeaderKey } from './header-names.ts';
import { decodeHeaderText, findHeaderEnd } from './message-framing.ts';
import type { ParseError, ParseOptions, ParsePartial, ParseResult } from './parse-result.ts';
import { type Entry, checkHeaders, partialOf } from './required-headers.ts';
import { PARSED } from './sip-message-base.ts';
import { type SipMessage, SipRequest, SipResponse } from './sip-message.ts';
import { type Problem, type StartLine, parseStartLine, problem } from './start-line.ts';
import { type Uri, parseUri } from './sip-uri.ts';

interface Limits {
  readonly stream: boolean;
  readonly maxMessageSize: number;
  readonly maxHeaderCount: number;
  readonly maxHeaderLineLength: number;
  readonly requireMaxForwards: boolean;
  readonly uriSchemes: readonly string[];
}

const DEFAULTS: Limits = {
  stream: false,
  maxMessageSize: 65535,
  maxHeaderCount: 200,
  maxHeaderLineLength: 8192,
  requireMaxForwards: true,
  uriSchemes: ['sip', 'sips', 'tel'],
};

function limitsOf(o: ParseOptions | undefined): Limits {
  if (o === undefined) return DEFAULTS;
  return {
    stream: o.transport === 'stream',
    maxMessageSize: o.maxMessageSize ?? DEFAULTS.maxMessageSize,
    maxHeaderCount: o.maxHeaderCount ?? DEFAULTS.maxHeaderCount,
    maxHeaderLineLength: o.maxHeaderLineLength ?? DEFAULTS.maxHeaderLineLength,
    requireMaxForwards: o.requireMaxForwards ?? DEFAULTS.requireMaxForwards,
    uriSchemes: o.uriSchemes?.map((s) => s.toLowerCase()) ?? DEFAULTS.uriSchemes,
  };
}

/**
 * Parses a whole SIP message. A datagram may carry octets past Content-Length, which are
 * dropped (RFC 3261 §18.3; RFC 4475 dblreq); a shorter body is an error. The body is a view of
 * `input`, not a copy. Never throws: every failure is a ParseError with the status to answer.
 */
export function parseMessage(input: Buffer | string, options?: ParseOptions): ParseResult {
  try {
    const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    return parseBuffer(buf, limitsOf(options));
  } catch {
    return { ok: false, error: { code: 'internal', status: 400, reason: 'Unparseable message' } };
  }
}

function parseBuffer(buf: Buffer, limits: Limits): ParseResult {
  if (buf.length > limits.maxMessageSize) {
    const reason = `Message of ${buf.length} octets exceeds ${limits.maxMessageSize}`;
    return reject(problem('too-large', 513, reason));
  }
  // RFC 3261 §7.5: CRLFs before the start line are ignored (keep-alives, RFC 5626 §3.5.1).
  let start = 0;
  while (buf[start] === 13 && buf[start + 1] === 10) start += 2;
  if (start >= buf.length) return reject(problem('empty', 400, 'No message, only CRLF'));

  const end = findHeaderEnd(buf, start);
  let textEnd = end === undefined ? buf.length : end.headerEnd;
  if (textEnd > start && buf[textEnd - 1] === 13) textEnd--;
  const text = decodeHeaderText(buf, start, textEnd);
  let lineEnd = text.indexOf('\n');
  if (lineEnd === -1) lineEnd = text.length;
  const firstLine = text.slice(0, text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
  const startLine = parseStartLine(firstLine, limits.maxHeaderLineLength);
  const entries: Entry[] = [];
  const headerProblem = splitHeaders(text, lineEnd + 1, limits, entries);

  let outcome: SipMessage | Problem;
  if (!('kind' in startLine)) outcome = startLine;
  else if (headerProblem !== undefined) outcome = headerProblem;
  else if (end === undefined)
    outcome = problem('truncated', 400, 'Missing the empty line after the headers');
  else outcome = assemble(buf, end.bodyStart, startLine, entries, limits);
  if (!('code' in outcome)) return { ok: true, message: outcome };

  if ('kind' in startLine) {
    const method = startLine.kind === 'request' ? startLine.method : undefined;
    return reject(outcome, partialOf(entries, startLine.kind, method));
  }
  // A malformed Request-Line (RFC 4475 lwsstart, trws, lwsruri) still deserves a 400.
  const sp = firstLine.indexOf(' ');
  const method = firstLine.slice(0, sp);
  if (sp <= 0 || !allClass(method, TOKEN)) return reject(outcome);
  return reject(outcome, partialOf(entries, 'request', method));
}

/** Everything after the header lines are split: version, Request-URI, required headers, body. */
function assemble(
  buf: Buffer,
  bodyStart: number,
  line: StartLine,
  entries: Entry[],
  limits: Limits,
): SipMessage | Problem {
  let uri: Uri | undefined;
  if (line.version !== 'SIP/2.0' && line.version.toUpperCase() !== 'SIP/2.0') {
    // RFC 3261 §21.5.8: 505 for a request of a version the server does not support.
    const reason = `SIP version ${line.version} is not supported`;
    return problem('unsupported-version', line.kind === 'request' ? 505 : 400, reason);
  }
  if (line.kind === 'request') {
    try {
      uri = parseUri(line.uriText);
    } catch (error) {
      return problem('malformed-start-line', 400, `Malformed Request-URI: ${messageOf(error)}`);
    }
    // RFC 3261 §19.1.1 (table 1): a Request-URI carries no URI headers (RFC 4475 escruri).
    if (uri.type === 'sip' && uri.headers.size > 0) {
      return problem('malformed-start-line', 400, 'Request-URI must not contain URI headers');
    }
  }

  const checked = checkHeaders(entries, line, limits.requireMaxForwards);
  if ('code' in checked) return checked;

  const available = buf.length - bodyStart;
  let bodyLength = available;
  if (checked.contentLength !== undefined) {
    if (checked.contentLength > available) {
      const reason = `Content-Length ${checked.contentLength} exceeds the ${available} octets received`;
      return problem('content-length', 400, reason, 'Content-Length');
    }
    bodyLength = checked.contentLength;
  } else if (limits.stream) {
    // RFC 3261 §18.3: on a stream the Content-Length header field MUST be used.
    return problem(
      'content-length',
      400,
      'Missing Content-Length on a stream transport',
      'Content-Length',
    );
  }
  const body = buf.subarray(bodyStart, bodyStart + bodyLength);

  if (uri !== undefined && !limits.uriSchemes.includes(uri.scheme)) {
    return problem('unsupported-uri-scheme', 416, `Unsupported URI scheme "${uri.scheme}"`);
  }

  const parsed = {
    entries,
    values: {
      topVia: checked.topVia,
      from: checked.from,
      to: checked.to,
      callId: checked.callId,
      cseq: checked.cseq,
      maxForwards: checked.maxForwards,
    },
  };
  if (line.kind === 'request') {
    return new SipRequest({ method: line.method, uri: uri as Uri, body, [PARSED]: parsed });
  }
  return new SipResponse({ status: line.status, reason: line.reason, body, [PARSED]: parsed });
}

function reject(p: Problem, partial?: ParsePartial): ParseResult {
  const error: ParseError = partial === undefined ? p : { ...p, partial };
  return { ok: false, error };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'invalid';
}

const NAME = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * Splits the header lines after the start line into `entries`, undoing folding: RFC 3261
 * §7.3.1 lets a recipient replace LWS (a line break followed by SP/HTAB) by one SP. A bad line is
 * skipped and reported, so the rest still serves an error response.
 */
function splitHeaders(
  text: string,
  pos: number,
  limits: Limits,
  entries: Entry[],
): Problem | undefined {
  let found: Problem | undefined;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const lineEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (lineEnd - pos > limits.maxHeaderLineLength) {
      return problem('too-large', 513, `Header line longer than ${limits.maxHeaderLineLength}`);
    }
    const first = text.charCodeAt(pos);
    if (first === 32 || first === 9) {
      const last = entries[entries.length - 1];
      const more = trimWs(text.slice(pos, lineEnd));
      if (last === undefined)
        found ??= problem('malformed-header', 400, 'Folded line before any header');
      else if (more !== '') last.value = last.value === '' ? more : `${last.value} ${more}`;
    } else {
      const colon = text.indexOf(':', pos);
      let nameEnd = colon;
      while (nameEnd > pos && isWs(text.charCodeAt(nameEnd - 1))) nameEnd--;
      const name = text.slice(pos, nameEnd);
      const key = colon !== -1 && colon < lineEnd ? knownHeaderKey(name) : undefined;
      if (key === undefined && (colon === -1 || colon >= lineEnd || !NAME.test(name))) {
        found ??= problem(
          'malformed-header',
          400,
          `Malformed header line "${text.slice(pos, Math.min(lineEnd, pos + 40))}"`,
        );
      } else {
        if (entries.length >= limits.maxHeaderCount) {
          return problem('too-large', 513, `More than ${limits.maxHeaderCount} header lines`);
        }
        const value = trimWs(text.slice(colon + 1, lineEnd));
        entries.push({ name, key: key ?? headerKey(name), value });
      }
    }
    pos = nl + 1;
  }
  return found;
}
