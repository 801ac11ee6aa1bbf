// Writes the typed session description as SDP text (RFC 4566 §5 order, CRLF line ends).
import { write as writeSdpText } from 'sdp-transform';
import type { MediaDescription as RawMedia, SessionDescription as RawSession } from 'sdp-transform';
import type { Connection, MediaDescription } from './media-description.ts';
import type { Origin, SessionDescription } from './session-description.ts';

export function serializeSdp(description: SessionDescription): string {
  const raw: RawSession = {
    version: 0,
    // Placeholder: sdp-transform writes sess-version with %d, which would round 64-bit
    // versions; the real o= line is put back below, digit for digit.
    origin: {
      username: '-',
      sessionId: 0,
      sessionVersion: 0,
      netType: 'IN',
      ipVer: 4,
      address: '0.0.0.0',
    },
    name: description.sessionName,
    // RFC 3264 §5: "t=0 0", an unbounded session.
    timing: { start: 0, stop: 0 },
    ...(description.connection === undefined
      ? {}
      : { connection: rawConnection(description.connection) }),
    ...(description.direction === undefined ? {} : { direction: description.direction }),
    media: description.media.map(rawMedia),
  };
  const lines = writeSdpText(raw).split('\r\n');
  lines[1] = originLine(description.origin);
  return lines.join('\r\n');
}

function originLine(o: Origin): string {
  return `o=${o.username} ${o.sessionId} ${o.sessionVersion} IN ${o.addressType} ${o.address}`;
}

function rawConnection(c: Connection): { version: number; ip: string } {
  return { version: c.addressType === 'IP6' ? 6 : 4, ip: c.address };
}

function rawMedia(m: MediaDescription): RawMedia {
  return {
    type: m.type,
    port: m.port,
    protocol: m.proto,
    payloads: m.formats.join(' '),
    rtp: m.payloads.flatMap((p) =>
      p.encoding === undefined
        ? []
        : [
            {
              payload: p.payloadType,
              codec: p.encoding.name,
              rate: p.encoding.clockRate,
              ...(p.encoding.channels === 1 ? {} : { encoding: p.encoding.channels }),
            },
          ],
    ),
    fmtp: m.payloads.flatMap((p) =>
      p.fmtp === undefined ? [] : [{ payload: p.payloadType, config: p.fmtp }],
    ),
    ...(m.connection === undefined ? {} : { connection: rawConnection(m.connection) }),
    ...(m.rtcp === undefined
      ? {}
      : {
          rtcp: {
            port: m.rtcp.port,
            ...(m.rtcp.connection === undefined
              ? {}
              : {
                  netType: 'IN',
                  ipVer: m.rtcp.connection.addressType === 'IP6' ? 6 : 4,
                  address: m.rtcp.connection.address,
                }),
          },
        }),
    ...(m.ptime === undefined ? {} : { ptime: m.ptime }),
    ...(m.maxptime === undefined ? {} : { maxptime: m.maxptime }),
    ...(m.direction === undefined ? {} : { direction: m.direction }),
    ...(m.rtcpMux ? { rtcpMux: 'rtcp-mux' as const } : {}),
  };
}
