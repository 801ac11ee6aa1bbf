// For tests: a throwaway self-signed certificate made by the openssl CLI, and whether this
// machine has an IPv6 loopback to test on.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** Removes the files. */
  dispose(): void;
}

/**
 * A key and a self-signed certificate valid for a day, for `commonName` and the subject
 * alternative names given (openssl syntax: `IP:127.0.0.1`, `DNS:carrier.test`).
 */
export function selfSignedCertificate(
  commonName = '127.0.0.1',
  altNames: readonly string[] = ['IP:127.0.0.1', 'IP:::1', 'DNS:localhost'],
): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${commonName}`,
      '-days',
      '1',
      '-addext',
      `subjectAltName=${altNames.join(',')}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  return {
    certFile,
    keyFile,
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Whether a socket can listen on ::1 here (containers often have no IPv6). */
export async function hasIpv6Loopback(): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0, ipv6Only: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}
