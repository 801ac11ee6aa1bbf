// Writes the typed session description as SDP text (RFC 4566 §5 order, CRLF
// line ends). Written by hand because it runs twice per call on the hot path:
// building an sdp-transform object and formatting it through its grammar cost
// about 5 % of the main thread at 500 calls/s. The line order matches what
// sdp-transform writes (its writer is the test oracle).
import type { Connection, MediaDescription } from './media-description.ts';
import type { SessionDescription } from './session-description.ts';

export function serializeSdp(d: SessionDescription): string {
  const o = d.origin;
  let sdp =
    `v=0\r\no=${o.username} ${o.sessionId} ${o.sessionVersion} IN ${o.addressType} ${o.address}\r\n` +
    // s= must not be empty (RFC 4566 §5.3): a single space when there is no name.
    `s=${d.sessionName || ' '}\r\n`;
  if (d.connection !== undefined) sdp += connectionLine(d.connection);
  // RFC 3264 §5: "t=0 0", an unbounded session.
  sdp += 't=0 0\r\n';
  if (d.direction !== undefined) sdp += `a=${d.direction}\r\n`;
  for (const m of d.media) sdp += mediaSection(m);
  return sdp;
}

function connectionLine(c: Connection): string {
  return `c=IN ${c.addressType === 'IP6' ? 'IP6' : 'IP4'} ${c.address}\r\n`;
}

function mediaSection(m: MediaDescription): string {
  let s = `m=${m.type} ${m.port} ${m.proto} ${m.formats.join(' ')}\r\n`;
  if (m.connection !== undefined) s += connectionLine(m.connection);
  for (const p of m.payloads) {
    const e = p.encoding;
    if (e === undefined) continue;
    s += `a=rtpmap:${p.payloadType} ${e.name}/${e.clockRate}${e.channels === 1 ? '' : `/${e.channels}`}\r\n`;
  }
  for (const p of m.payloads)
    if (p.fmtp !== undefined) s += `a=fmtp:${p.payloadType} ${p.fmtp}\r\n`;
  if (m.rtcp !== undefined) {
    const c = m.rtcp.connection;
    s +=
      c === undefined
        ? `a=rtcp:${m.rtcp.port}\r\n`
        : `a=rtcp:${m.rtcp.port} IN ${c.addressType === 'IP6' ? 'IP6' : 'IP4'} ${c.address}\r\n`;
  }
  if (m.ptime !== undefined) s += `a=ptime:${m.ptime}\r\n`;
  if (m.maxptime !== undefined) s += `a=maxptime:${m.maxptime}\r\n`;
  if (m.direction !== undefined) s += `a=${m.direction}\r\n`;
  if (m.rtcpMux) s += 'a=rtcp-mux\r\n';
  return s;
}
