// What negotiation may choose (codecs, DTMF, ptime, rtcp-mux) and where our media is: checked once, up front.
import { isIP } from 'node:net';
import { HotlineError } from '../../../platform/index.ts';
import {
  DEFAULT_TELEPHONE_EVENTS,
  audioCodecNames,
  findAudioCodec,
  formatEventList,
  isDynamicPayloadType,
  parseEventList,
} from './codecs.ts';
import type { AudioCodec } from './codecs.ts';
import type { AddressType } from './media-description.ts';

/** Configuration as an operator writes it; every field has a default. */
export interface SdpConfigInput {
  /** Codecs allowed, in our order of preference for offers. Default: all the engine speaks. */
  readonly codecs?: readonly string[];
  /** RFC 4733 DTMF: the payload type we offer and the events we handle; false disables it. */
  readonly telephoneEvent?: { readonly payloadType?: number; readonly events?: string } | false;
  /** Packetization (ms) we ask peers to send us (a=ptime). Default 20. */
  readonly ptime?: number;
  /** The most ms per packet we accept (a=maxptime); not written by default. */
  readonly maxptime?: number;
  /** Offer and accept RTP/RTCP on one port (RFC 5761). Default false. */
  readonly rtcpMux?: boolean;
  /** s= of our SDP. Default "Hotline". */
  readonly sessionName?: string;
  /** o= username of our SDP (no spaces). Default "-". */
  readonly username?: string;
}

export interface TelephoneEventConfig {
  readonly payloadType: number;
  readonly events: ReadonlySet<number>;
}

export interface SdpConfig {
  readonly codecs: readonly AudioCodec[];
  readonly telephoneEvent: TelephoneEventConfig | null;
  readonly ptime: number;
  readonly maxptime: number | undefined;
  readonly rtcpMux: boolean;
  readonly sessionName: string;
  readonly username: string;
}

export const DEFAULT_TELEPHONE_EVENT_PT = 101;
export const DEFAULT_PTIME = 20;

function invalid(field: string, message: string): never {
  throw new HotlineError('invalid-config', message, { field });
}

/** Checks and completes the SDP configuration; throws HotlineError('invalid-config'). */
export function resolveSdpConfig(input: SdpConfigInput = {}): SdpConfig {
  const names = input.codecs ?? audioCodecNames;
  if (names.length === 0) invalid('codecs', 'At least one codec must be allowed (PCMU, PCMA).');
  const codecs = names.map((name) => {
    const codec = typeof name === 'string' ? findAudioCodec(name) : undefined;
    if (codec === undefined) {
      invalid('codecs', `Unknown codec "${String(name)}"; use ${audioCodecNames.join(', ')}.`);
    }
    return codec;
  });
  if (new Set(codecs).size !== codecs.length) invalid('codecs', 'A codec is listed twice.');

  const ptime = input.ptime ?? DEFAULT_PTIME;
  for (const codec of codecs) {
    if (!codec.ptimes.includes(ptime)) {
      invalid(
        'ptime',
        `ptime ${ptime} is not one ${codec.name} can use: ${codec.ptimes.join(', ')}.`,
      );
    }
  }
  const maxptime = input.maxptime;
  if (maxptime !== undefined && (!Number.isInteger(maxptime) || maxptime < ptime)) {
    invalid('maxptime', `maxptime must be a whole number of ms no less than ptime (${ptime}).`);
  }

  let telephoneEvent: TelephoneEventConfig | null = null;
  if (input.telephoneEvent !== false) {
    const payloadType = input.telephoneEvent?.payloadType ?? DEFAULT_TELEPHONE_EVENT_PT;
    const clash = codecs.find((c) => c.dynamicPayloadType === payloadType);
    if (
      !Number.isInteger(payloadType) ||
      !isDynamicPayloadType(payloadType) ||
      clash !== undefined
    ) {
      invalid(
        'telephoneEvent.payloadType',
        `telephone-event needs a free dynamic payload type (96-127), got ${payloadType}.`,
      );
    }
    const list = input.telephoneEvent?.events ?? DEFAULT_TELEPHONE_EVENTS;
    const events = parseEventList(list);
    if (events === undefined || events.size === 0) {
      invalid('telephoneEvent.events', `"${list}" is not an RFC 4733 event list such as "0-15".`);
    }
    telephoneEvent = { payloadType, events };
  }

  const sessionName = input.sessionName ?? 'Hotline';
  if (sessionName.trim() === '' || /[\r\n\0]/.test(sessionName)) {
    invalid('sessionName', 'The SDP session name must be one non-empty line.');
  }
  const username = input.username ?? '-';
  if (!/^[\x21-\x7e]+$/.test(username)) {
    invalid('username', 'The o= username must be printable ASCII without spaces (or "-").');
  }
  return {
    codecs,
    telephoneEvent,
    ptime,
    maxptime,
    rtcpMux: input.rtcpMux ?? false,
    sessionName,
    username,
  };
}

/** A readable summary of the configured codecs, for messages: "PCMU/8000, PCMA/8000". */
export function describeAllowed(config: SdpConfig): string {
  const codecs = config.codecs.map((c) => `${c.name}/${c.clockRate}`).join(', ');
  const dtmf = config.telephoneEvent
    ? ` (DTMF telephone-event ${formatEventList(config.telephoneEvent.events)})`
    : '';
  return `${codecs}${dtmf}`;
}

/** Where this leg's media engine receives RTP, as peers must reach it (after any NAT mapping). */
export interface MediaEndpoint {
  /**
   * IP literals, at most one per family; the first is the one we offer. An answer uses the one
   * of the offer's family (RFC 6157 §3.1), so a dual-stack engine lists both.
   */
  readonly addresses: readonly string[];
  readonly port: number;
  /** Our RTCP port, when not port + 1: written as a=rtcp (RFC 3605). */
  readonly rtcpPort?: number;
}

/** Throws RangeError: a bad endpoint is a bug in whoever allocated it, not bad input. */
export function checkEndpoint(endpoint: MediaEndpoint): void {
  if (endpoint.addresses.length === 0) throw new RangeError('media endpoint has no address');
  for (const address of endpoint.addresses) {
    if (isIP(address) === 0)
      throw new RangeError(`media address "${address}" is not an IP literal`);
  }
  for (const [name, port] of [
    ['port', endpoint.port],
    ['rtcpPort', endpoint.rtcpPort],
  ] as const) {
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new RangeError(`media ${name} ${port} is not a UDP port (1-65535)`);
    }
  }
}

export function addressTypeOf(address: string): AddressType {
  return isIP(address) === 6 ? 'IP6' : 'IP4';
}

/** Our media address of the given family, if the endpoint has one. */
export function endpointAddress(endpoint: MediaEndpoint, type: AddressType): string | undefined {
  return endpoint.addresses.find((a) => addressTypeOf(a) === type);
}
