// What the transport layer offers the layers above (RFC 3261 §18): send a
// message to a peer, hear messages with where they came from. Transactions
// and user agents depend on these types only, never on sockets.
import type { SipMessage } from '../message/index.ts';

export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** RFC 3261 §18: TCP, TLS and WebSocket are reliable; retransmission timers apply to UDP only. */
export function isReliable(protocol: TransportProtocol): boolean {
  return protocol !== 'udp';
}

/** The Via transport token for a protocol (RFC 3261 §20.42, RFC 7118 §5). */
export function viaTransport(protocol: TransportProtocol): string {
  return protocol.toUpperCase();
}

/** Where a message goes or came from. */
export interface Peer {
  protocol: TransportProtocol;
  /** IPv4 or IPv6 address (without brackets). */
  address: string;
  port: number;
  /**
   * For stream transports: the connection a message arrived on, so that
   * responses and in-dialog requests reuse it (RFC 3261 §18.2.2, RFC 5626).
   */
  connectionId?: string;
  /** For TLS connections we open: how the server's certificate is checked (RFC 5922 §7.2). */
  tls?: TlsServerCheck;
}

/**
 * How the certificate of a TLS server we connect to is checked. Verification against the
 * system's trusted CAs is always on; this only names what the certificate must carry and
 * may relax the chain for one carrier.
 */
export interface TlsServerCheck {
  /** The name the certificate must carry (a trunk's host name), also sent as SNI; the address by default. */
  serverName?: string;
  /**
   * Accept a certificate that is self-signed or signed by a private CA, as long as it still
   * carries `serverName`. Off by default: it gives up the CA's word that the peer is who it says.
   */
  acceptSelfSigned?: boolean;
}

/** A message as it arrived. */
export interface InboundMessage {
  message: SipMessage;
  source: Peer;
  /** The local address and port it arrived on. */
  local: { address: string; port: number };
  /** Clock time of arrival, ms. */
  receivedAt: number;
}

/** The transport layer as the transaction layer and user agents see it. */
export interface SipTransport {
  /**
   * Sends a message. Resolves once handed to the socket; rejects with a
   * TransportError when the peer cannot be reached (RFC 3261 §17.1.4:
   * a transaction treats that as a 503 or a timeout).
   */
  send(message: SipMessage, destination: Peer): Promise<void>;
  /** The sent-by host and port for a Via we put on a request going out over `protocol`. */
  sentBy(protocol: TransportProtocol): { host: string; port: number };
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly destination: Peer,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}
