// Reads untrusted SDP text (RFC 4566) into the typed model, or says which line is wrong; never throws.
import { isIP } from 'node:net';
import { parse as parseSdpText } from 'sdp-transform';
import type { MediaDescription as RawMedia, SessionDescription as RawSession } from 'sdp-transform';
import { staticEncoding } from './codecs.ts';
import type { Encoding } from './codecs.ts';
import { isDirection } from './direction.ts';
import type { Direction } from './direction.ts';
import type {
  AddressType,
  Connection,
  MediaDescription,
  RtcpAttribute,
  RtpPayload,
} from './media-description.ts';
import { isRtpProto } from './media-description.ts';
import type { Origin, SessionDescription } from './session-description.ts';
import { SdpError, guardSdp, sdpOk } from './sdp-error.ts';
import type { SdpResult } from './sdp-error.ts';

/** Far above any real offer (a WebRTC offer with video is ~6 KB); bounds the work per message. */
export const MAX_SDP_LENGTH = 65_536;
/** RFC 3264 §8 lets m= lines accumulate over re-offers, but never to this many. */
export const MAX_MEDIA_LINES = 64;

interface Line {
  readonly number: number;
  readonly type: string;
  readonly value: string;
}

export function parseSdp(text: string): SdpResult<SessionDescription> {
  return guardSdp('Reading the SDP', () => sdpOk(readSdp(text)));
}

function malformed(message: string, line?: Line, mediaLine?: number): never {
  const where = line === undefined ? '' : `SDP line ${line.number}: `;
  const options = {
    ...(line === undefined ? {} : { line: line.number }),
    ...(mediaLine === undefined ? {} : { mediaLine }),
  };
  throw new SdpError('sdp-malformed', `${where}${message}`, options);
}

function readSdp(text: string): SessionDescription {
  if (typeof text !== 'string') malformed('the SDP body is not text');
  if (text.length > MAX_SDP_LENGTH) {
    malformed(`the SDP body is ${text.length} characters; the limit is ${MAX_SDP_LENGTH}`);
  }
  const lines = splitLines(text);
  const first = lines[0];
  if (first === undefined) malformed('the SDP body is empty');
  if (first.type !== 'v' || first.value.trim() !== '0') {
    malformed(`SDP must begin with "v=0" (RFC 4566 §5.1), found "${excerpt(first)}"`, first);
  }
  const mLines = lines.filter((l) => l.type === 'm');
  if (mLines.length > MAX_MEDIA_LINES) {
    malformed(`${mLines.length} m= lines; at most ${MAX_MEDIA_LINES} are accepted`);
  }
  const firstMedia = mLines[0]?.number ?? Infinity;
  const sessionLines = lines.filter((l) => l.number < firstMedia);

  // sdp-transform keeps exactly the lines that pass the check above, in order, so its media[i]
  // is the i-th m= line and a field it could not read shows up as a missing property.
  const raw = parseSdpText(text);
  const origin = readOrigin(raw, sessionLines);
  const sessionConnection = readConnection(raw.connection, sessionLines, undefined);
  const direction = readDirection(raw.direction);
  const media = mLines.map((mLine, index) => {
    const rawMedia = raw.media[index];
    const next = mLines[index + 1]?.number ?? Infinity;
    const own = lines.filter((l) => l.number > mLine.number && l.number < next);
    if (rawMedia === undefined) malformed('m= line not understood', mLine, index + 1);
    return readMedia(rawMedia, mLine, own, index);
  });
  return {
    origin,
    sessionName: asText(raw.name).trim() === '' ? '-' : asText(raw.name),
    ...(sessionConnection === undefined ? {} : { connection: sessionConnection }),
    ...(direction === undefined ? {} : { direction }),
    media,
  };
}

/** RFC 4566 §5: lines of "<type>=<value>", CRLF-separated; a lone LF or CR is tolerated. */
function splitLines(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r\n|\r|\n/).forEach((content, i) => {
    if (content.trim() === '') return; // blank lines (a trailing CRLF pair) carry nothing
    const match = /^([a-z])=(.*)$/s.exec(content);
    const line = { number: i + 1, type: match?.[1] ?? '', value: match?.[2] ?? content };
    if (match === null) {
      malformed(`not an SDP line of the form "<type>=<value>": "${excerpt(line)}"`, line);
    }
    out.push(line);
  });
  return out;
}

/** sdp-transform turns any all-digit token into a number ("s=1", "a=fmtp:101 16"): undo that. */
function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function excerpt(line: Line): string {
  const text = line.type === '' ? line.value : `${line.type}=${line.value}`;
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 57)}...` : printable;
}

const O_SYNTAX = '"o=<username> <sess-id> <sess-version> IN IP4|IP6 <address>" (RFC 4566 §5.2)';

function readOrigin(raw: RawSession, sessionLines: readonly Line[]): Origin {
  const lines = sessionLines.filter((l) => l.type === 'o');
  const line = lines[0];
  if (line === undefined) malformed(`no o= line; expected ${O_SYNTAX}`);
  if (lines.length > 1) malformed('more than one o= line', lines[1]);
  const o = raw.origin as Partial<RawSession['origin']> | undefined;
  const username = asText(o?.username);
  const sessionId = asText(o?.sessionId);
  const sessionVersion = asText(o?.sessionVersion);
  const address = asText(o?.address);
  const valid =
    username !== '' &&
    /^\d{1,20}$/.test(sessionId) &&
    /^\d{1,20}$/.test(sessionVersion) &&
    o?.netType === 'IN' &&
    (o.ipVer === 4 || o.ipVer === 6) &&
    address !== '';
  if (!valid) malformed(`o= line "${excerpt(line)}" is malformed; expected ${O_SYNTAX}`, line);
  return {
    username,
    sessionId,
    sessionVersion,
    addressType: o.ipVer === 6 ? 'IP6' : 'IP4',
    address,
  };
}

function readConnection(
  raw: RawSession['connection'],
  levelLines: readonly Line[],
  mediaLine: number | undefined,
): Connection | undefined {
  const line = levelLines.find((l) => l.type === 'c');
  if (line === undefined) return undefined;
  const syntax = 'expected "c=IN IP4|IP6 <address>" (RFC 4566 §5.7)';
  const c = raw as Partial<NonNullable<RawSession['connection']>> | undefined;
  if (c === undefined || (c.version !== 4 && c.version !== 6) || asText(c.ip) === '') {
    malformed(`c= line "${excerpt(line)}" is malformed; ${syntax}`, line, mediaLine);
  }
  // Multicast addresses carry "/ttl" (IPv4) and "/count" suffixes (RFC 4566 §5.7).
  const address = asText(c.ip).split('/')[0] ?? '';
  const addressType: AddressType = c.version === 6 ? 'IP6' : 'IP4';
  const family = isIP(address);
  if (family === 0 && !/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/.test(address)) {
    malformed(`c= line "${excerpt(line)}" has no valid address; ${syntax}`, line, mediaLine);
  }
  if (family !== 0 && family !== c.version) {
    malformed(
      `c= line "${excerpt(line)}" says ${addressType} but the address is not`,
      line,
      mediaLine,
    );
  }
  return { addressType, address, multicast: isMulticast(address, family) };
}

function isMulticast(address: string, family: number): boolean {
  if (family === 4) {
    const firstOctet = Number(address.split('.')[0]);
    return firstOctet >= 224 && firstOctet <= 239; // RFC 5771
  }
  return family === 6 && /^ff/i.test(address); // RFC 4291 §2.7
}

function readDirection(raw: unknown): Direction | undefined {
  return isDirection(raw) ? raw : undefined;
}

const M_SYNTAX = 'expected "m=<media> <port> <proto> <fmt> ..." (RFC 4566 §5.14)';

function readMedia(
  raw: RawMedia,
  mLine: Line,
  own: readonly Line[],
  index: number,
): MediaDescription {
  const mediaLine = index + 1;
  const r = raw as Partial<RawMedia>;
  const port = String(r.port ?? '');
  const formats = [
    ...new Set(
      String(r.payloads ?? '')
        .split(' ')
        .filter((f) => f !== ''),
    ),
  ];
  if (
    typeof r.type !== 'string' ||
    r.type === '' ||
    !/^\d{1,5}$/.test(port) ||
    Number(port) > 65535 ||
    typeof r.protocol !== 'string' ||
    r.protocol === '' ||
    formats.length === 0
  ) {
    malformed(`m= line "${excerpt(mLine)}" is malformed; ${M_SYNTAX}`, mLine, mediaLine);
  }
  const label = `m=${r.type} line ${mediaLine}`;
  const rtp = isRtpProto(r.protocol);
  if (rtp) {
    const bad = formats.find((f) => !/^\d{1,3}$/.test(f) || Number(f) > 127);
    if (bad !== undefined) {
      malformed(`${label}: format "${bad}" is not an RTP payload type (0-127)`, mLine, mediaLine);
    }
  }
  const connection = readConnection(r.connection, own, mediaLine);
  const direction = readDirection(r.direction);
  const ptime = positive(r.ptime);
  const maxptime = positive(r.maxptime);
  const rtcp = readRtcp(r.rtcp);
  return {
    type: r.type,
    port: Number(port),
    proto: r.protocol,
    formats,
    payloads: rtp ? formats.map((f) => readPayload(Number(f), r)) : [],
    ...(connection === undefined ? {} : { connection }),
    ...(direction === undefined ? {} : { direction }),
    ...(ptime === undefined ? {} : { ptime }),
    ...(maxptime === undefined ? {} : { maxptime }),
    ...(rtcp === undefined ? {} : { rtcp }),
    rtcpMux: r.rtcpMux === 'rtcp-mux',
  };
}

/** Attributes we can do without are read leniently: a bad one is ignored, not fatal. */
function positive(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function readPayload(payloadType: number, raw: Partial<RawMedia>): RtpPayload {
  const encoding =
    (raw.rtp ?? [])
      .filter((m) => Number(m.payload) === payloadType && String(m.payload) !== '')
      .map(readRtpmap)
      .find((e) => e !== undefined) ?? staticEncoding(payloadType);
  const fmtp = (raw.fmtp ?? []).find(
    (f) => Number(f.payload) === payloadType && String(f.payload) !== '',
  );
  const config = asText(fmtp?.config).trim();
  return {
    payloadType,
    ...(encoding === undefined ? {} : { encoding }),
    ...(config === '' ? {} : { fmtp: config }),
  };
}

/** a=rtpmap:<pt> <name>/<clock rate>[/<channels>] (RFC 4566 §6); undefined when unusable. */
function readRtpmap(map: RawMedia['rtp'][number]): Encoding | undefined {
  const clockRate = Number(map.rate);
  const channels = map.encoding === undefined ? 1 : Number(map.encoding);
  const name = asText(map.codec);
  if (name === '') return undefined;
  if (!Number.isInteger(clockRate) || clockRate <= 0) return undefined;
  if (!Number.isInteger(channels) || channels <= 0) return undefined;
  return { name, clockRate, channels };
}

function readRtcp(raw: RawMedia['rtcp']): RtcpAttribute | undefined {
  const port = Number(raw?.port);
  if (raw === undefined || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  const family = typeof raw.address === 'string' ? isIP(raw.address) : 0;
  if (family === 0 || family !== raw.ipVer) return { port };
  const address = raw.address as string;
  return {
    port,
    connection: {
      addressType: family === 6 ? 'IP6' : 'IP4',
      address,
      multicast: isMulticast(address, family),
    },
  };
}
