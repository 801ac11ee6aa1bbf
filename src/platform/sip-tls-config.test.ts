// SIP over TLS in the configuration: the certificate and key are loaded and checked before
// start, and each mistake is refused with the variable that holds it named.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selfSignedCertificate, type TestCertificate } from '../../test/support/tls-certificate.ts';
import { loadConfig, sipTlsCredentials } from './config.ts';
import { HotlineError } from './errors.ts';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'hotline-tls-config-'));

function refusal(env: Record<string, string>): HotlineError {
  try {
    loadConfig({ env, cwd: emptyDir() });
  } catch (error) {
    assert.ok(error instanceof HotlineError);
    assert.equal(error.code, 'invalid-config');
    return error;
  }
  assert.fail('expected the configuration to be refused');
}

describe('SIP over TLS settings', () => {
  let ours: TestCertificate;
  let other: TestCertificate;

  before(() => {
    ours = selfSignedCertificate();
    other = selfSignedCertificate('other.test', ['DNS:other.test']);
  });
  after(() => {
    ours.dispose();
    other.dispose();
  });

  it('asks for nothing while tls is not a transport, and listens on 5061 by default', () => {
    const { config } = loadConfig({ env: {}, cwd: emptyDir() });
    assert.deepEqual(config.sip.transports, ['udp', 'tcp', 'ws']);
    assert.equal(config.sip.tlsPort, 5061);
    assert.equal(sipTlsCredentials(config.sip), undefined);
  });

  it('loads the certificate and key, paths relative to the working folder', () => {
    const { config } = loadConfig({
      env: {
        HOTLINE_SIP_TRANSPORTS: 'udp,tls',
        HOTLINE_SIP_TLS_CERT: basename(ours.certFile),
        HOTLINE_SIP_TLS_KEY: ours.keyFile,
        HOTLINE_SIP_TLS_PORT: '5062',
      },
      cwd: dirname(ours.certFile),
    });
    assert.equal(config.sip.tlsCert, ours.certFile);
    assert.equal(config.sip.tlsPort, 5062);
    const credentials = sipTlsCredentials(config.sip);
    assert.deepEqual(credentials, { cert: ours.cert, key: ours.key });
  });

  it('refuses tls without a certificate or key, naming the variables', () => {
    const error = refusal({ HOTLINE_SIP_TRANSPORTS: 'tls' });
    assert.equal(error.field, 'HOTLINE_SIP_TLS_CERT');
    assert.match(error.message, /HOTLINE_SIP_TLS_CERT: SIP over TLS .* needs a certificate file/);
    assert.match(error.message, /HOTLINE_SIP_TLS_KEY: SIP over TLS .* needs a private key file/);
  });

  it('refuses files that do not load, naming the variable at fault', () => {
    const tls = { HOTLINE_SIP_TRANSPORTS: 'tls' };
    assert.match(
      refusal({
        ...tls,
        HOTLINE_SIP_TLS_CERT: '/nonexistent/cert.pem',
        HOTLINE_SIP_TLS_KEY: ours.keyFile,
      }).message,
      /HOTLINE_SIP_TLS_CERT: the certificate file \/nonexistent\/cert\.pem could not be read/,
    );
    const junk = join(emptyDir(), 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    assert.match(
      refusal({ ...tls, HOTLINE_SIP_TLS_CERT: junk, HOTLINE_SIP_TLS_KEY: ours.keyFile }).message,
      /HOTLINE_SIP_TLS_CERT: .*junk\.pem holds no PEM certificate/,
    );
    assert.match(
      refusal({ ...tls, HOTLINE_SIP_TLS_CERT: ours.certFile, HOTLINE_SIP_TLS_KEY: ours.certFile })
        .message,
      /HOTLINE_SIP_TLS_KEY: .*cert\.pem holds no unencrypted PEM private key/,
    );
    assert.match(
      refusal({ ...tls, HOTLINE_SIP_TLS_CERT: ours.certFile, HOTLINE_SIP_TLS_KEY: other.keyFile })
        .message,
      /HOTLINE_SIP_TLS_KEY: the key in .* does not go with the certificate in /,
    );
  });

  it('takes tls trunks, on 5061 by default, and a self-signed carrier certificate only when told', () => {
    const trunk = { name: 'carrier', host: 'sip.carrier.example', transport: 'tls' };
    const { config } = loadConfig({
      env: {
        HOTLINE_SIP_TRUNKS: JSON.stringify([
          trunk,
          { ...trunk, name: 'lab', host: '192.0.2.7', tlsAcceptSelfSigned: true },
        ]),
      },
      cwd: emptyDir(),
    });
    const [carrier, lab] = config.sip.trunks;
    assert.equal(carrier!.port, 5061);
    assert.equal(carrier!.transport, 'tls');
    assert.equal(carrier!.tlsAcceptSelfSigned, undefined);
    assert.equal(lab!.tlsAcceptSelfSigned, true);
  });
});
