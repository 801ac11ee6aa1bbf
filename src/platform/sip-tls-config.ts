// The certificate and key SIP over TLS listens with: read from the files the configuration
// names and checked together at start, with errors that name the variable at fault.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { HotlineError } from './errors.ts';

export interface SipTlsSettings {
  readonly transports: readonly string[];
  /** Path of the PEM certificate chain; empty when not configured. */
  readonly tlsCert: string;
  /** Path of the PEM private key; empty when not configured. */
  readonly tlsKey: string;
}

export interface SipTlsCredentials {
  readonly cert: Buffer;
  readonly key: Buffer;
}

type Read = { credentials: SipTlsCredentials } | { errors: string[] };

/** What is wrong with the TLS settings when tls is a transport: one message each, naming the variable. */
export function sipTlsErrors(sip: SipTlsSettings): string[] {
  if (!sip.transports.includes('tls')) return [];
  const read = readCredentials(sip);
  return 'errors' in read ? read.errors : [];
}

/**
 * The certificate and key to listen on TLS with; undefined when tls is not a transport.
 * Throws `invalid-config` when they do not load (loadConfig has checked them, but the files
 * may have changed since).
 */
export function sipTlsCredentials(sip: SipTlsSettings): SipTlsCredentials | undefined {
  if (!sip.transports.includes('tls')) return undefined;
  const read = readCredentials(sip);
  if ('credentials' in read) return read.credentials;
  throw new HotlineError(
    'invalid-config',
    `Invalid configuration:\n  - ${read.errors.join('\n  - ')}`,
    { field: read.errors[0]?.split(':')[0] },
  );
}

function readCredentials(sip: SipTlsSettings): Read {
  const errors: string[] = [];
  const cert = readPem(sip.tlsCert, 'HOTLINE_SIP_TLS_CERT', 'certificate', errors);
  const key = readPem(sip.tlsKey, 'HOTLINE_SIP_TLS_KEY', 'private key', errors);
  if (cert) {
    try {
      new X509Certificate(cert);
    } catch (error) {
      errors.push(`HOTLINE_SIP_TLS_CERT: ${sip.tlsCert} holds no PEM certificate (${why(error)})`);
    }
  }
  if (key) {
    try {
      createPrivateKey(key);
    } catch (error) {
      errors.push(
        `HOTLINE_SIP_TLS_KEY: ${sip.tlsKey} holds no unencrypted PEM private key (${why(error)})`,
      );
    }
  }
  if (errors.length > 0 || !cert || !key) return { errors };
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    return {
      errors: [
        `HOTLINE_SIP_TLS_KEY: the key in ${sip.tlsKey} does not go with the certificate in ${sip.tlsCert} (${why(error)})`,
      ],
    };
  }
  return { credentials: { cert, key } };
}

function readPem(path: string, env: string, what: string, errors: string[]): Buffer | undefined {
  if (path === '') {
    errors.push(
      `${env}: SIP over TLS (tls in HOTLINE_SIP_TRANSPORTS) needs a ${what} file; set ${env}, or take tls out of HOTLINE_SIP_TRANSPORTS`,
    );
    return undefined;
  }
  try {
    return readFileSync(path);
  } catch (error) {
    errors.push(`${env}: the ${what} file ${path} could not be read (${why(error)})`);
    return undefined;
  }
}

function why(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
