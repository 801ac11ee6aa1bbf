// SIP over TLS (RFC 3261 §26.2, RFC 5922): the stream transport with node:tls sockets. To
// listen it needs a certificate and key; connecting out (to a trunk) it verifies the server's
// certificate against the system's CAs and the name the destination asks for.
import { isIP } from 'node:net';
import {
  checkServerIdentity,
  connect,
  createSecureContext,
  createServer,
  type PeerCertificate,
  type TLSSocket,
} from 'node:tls';
import type { Peer } from './transport-types.ts';
import {
  StreamTransport,
  type StreamOptions,
  type StreamSink,
  type StreamSockets,
} from './stream-transport.ts';

export interface TlsCredentials {
  /** PEM certificate chain, ours first. */
  cert: string | Buffer;
  /** PEM private key of the certificate, unencrypted. */
  key: string | Buffer;
}

export interface TlsOptions extends StreamOptions {
  /** Needed to listen; without them the transport only connects out. */
  credentials?: TlsCredentials;
}

/**
 * The verification errors that only say the chain does not end at a CA we trust: what a
 * self-signed certificate, or one from a carrier's private CA, gives. Expiry, revocation and
 * a wrong name are never among them.
 */
const UNTRUSTED_CHAIN = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

export class TlsTransport extends StreamTransport {
  constructor(sink: StreamSink, options: TlsOptions) {
    super(sink, options, tlsSockets(options));
  }
}

function tlsSockets(options: TlsOptions): StreamSockets {
  const credentials = options.credentials;
  // A bad certificate or key fails when the transport is built, not at the first handshake.
  if (credentials) createSecureContext({ cert: credentials.cert, key: credentials.key });
  return {
    protocol: 'tls',
    established: 'secureConnect',
    createServer: (accept) => {
      if (!credentials) throw new Error('a TLS listener needs a certificate and key');
      return createServer(
        {
          cert: credentials.cert,
          key: credentials.key,
          noDelay: true,
          // A connection that never finishes its handshake holds a slot; the default is 120 s.
          handshakeTimeout: options.connectTimeoutMs,
        },
        accept,
      );
    },
    connect: (destination) => {
      const name = serverName(destination);
      const socket = connect({
        host: destination.address,
        port: destination.port,
        // RFC 6066 §3: SNI carries host names only, never an address literal.
        ...(isIP(name) === 0 ? { servername: name } : {}),
        rejectUnauthorized: destination.tls?.acceptSelfSigned !== true,
        checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert),
      });
      socket.setNoDelay(true);
      return socket;
    },
    refuse: (socket, destination) => refusal(socket as TLSSocket, destination),
  };
}

function serverName(destination: Peer): string {
  return destination.tls?.serverName ?? destination.address;
}

/**
 * Verification on (the default), node has already refused what fails. With acceptSelfSigned
 * it let the handshake through, so the checks it skipped are made here: only an untrusted
 * chain is forgiven, and the certificate must still be current and carry the server's name.
 */
function refusal(socket: TLSSocket, destination: Peer): string | undefined {
  if (socket.authorized) return undefined;
  const error = String(socket.authorizationError);
  if (!UNTRUSTED_CHAIN.has(error)) return `the server's certificate was refused (${error})`;
  const cert: PeerCertificate = socket.getPeerCertificate();
  const now = Date.now();
  if (Date.parse(cert.valid_from) > now || Date.parse(cert.valid_to) < now)
    return `the server's certificate is not valid now (${cert.valid_from} to ${cert.valid_to})`;
  const mismatch = checkServerIdentity(serverName(destination), cert);
  return mismatch ? `the server's certificate is not for it: ${mismatch.message}` : undefined;
}
