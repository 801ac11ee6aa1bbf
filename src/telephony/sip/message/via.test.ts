// Tests of Via parsing (RFC 3261 §20.42, §18.2.1) including rport (RFC 3581) and serialization.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipSyntaxError } from './sip-syntax-error.ts';
import { createVia, parseTopVia, parseVia, serializeVia } from './via.ts';

function one(value: string) {
  const [via, ...rest] = parseVia(value);
  assert.ok(via);
  assert.equal(rest.length, 0);
  return via;
}

describe('parseVia', () => {
  it('reads protocol, transport, sent-by and the known parameters', () => {
    const v = one(
      'SIP/2.0/udp pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;maddr=224.2.0.1;ttl=16',
    );
    assert.deepEqual(
      [v.protocol, v.version, v.transport, v.host, v.port, v.branch, v.received, v.maddr, v.ttl],
      [
        'SIP',
        '2.0',
        'UDP',
        'pc33.atlanta.com',
        5066,
        'z9hG4bK776asdhds',
        '192.0.2.1',
        '224.2.0.1',
        16,
      ],
    );
    assert.equal(v.hasRport, false);
  });

  it('reads rport with and without a value (RFC 3581 §4)', () => {
    const asked = one('SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bK1');
    assert.equal(asked.hasRport, true);
    assert.equal(asked.rport, undefined);
    const filled = one('SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1;rport=5070;received=198.51.100.2');
    assert.equal(filled.hasRport, true);
    assert.equal(filled.rport, 5070);
    assert.throws(() => one('SIP/2.0/UDP 192.0.2.1;rport=70000'), SipSyntaxError);
  });

  it('reads IPv6 sent-by and received, bracketed or not', () => {
    const v = one('SIP/2.0/TCP [2001:db8::9]:5060;branch=z9hG4bK1;received=2001:db8::9');
    assert.equal(v.host, '[2001:db8::9]');
    assert.equal(v.port, 5060);
    assert.equal(v.received, '2001:db8::9');
    assert.equal(one('SIP/2.0/TCP h;received=[2001:db8::9]').received, '[2001:db8::9]');
  });

  it('tolerates LWS around "/", ":", ";" and "="', () => {
    const v = one(
      'SIP  / 2.0  / TCP     spindle.example.com : 5070  ;\t branch  =   z9hG4bK9ikj8  ',
    );
    assert.deepEqual(
      [v.transport, v.host, v.port, v.branch],
      ['TCP', 'spindle.example.com', 5070, 'z9hG4bK9ikj8'],
    );
  });

  it('reads several comma-separated values; parseTopVia reads only the first', () => {
    const list = parseVia(
      'SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TLS b.example.com:5061;branch=z9hG4bK2',
    );
    assert.deepEqual(
      list.map((v) => v.host),
      ['a.example.com', 'b.example.com'],
    );
    assert.equal(
      parseTopVia('SIP/2.0/UDP a.example.com;branch=z9hG4bK1, garbage').host,
      'a.example.com',
    );
  });

  it('refuses malformed values', () => {
    for (const bad of [
      '',
      'SIP/2.0/UDP',
      'SIP/2.0 UDP host',
      'SIP/2.0/UDPhost',
      'SIP/2.0/UDP host:',
      'SIP/2.0/UDP host:99999',
      'SIP/2.0/UDP ho st',
      'SIP/2.0/UDP 192.0.2.15;;,;,,',
      'SIP/2.0/UDP host;branch',
      'SIP/2.0/UDP host;branch="quoted"',
      'SIP/2.0/UDP host;received=example.com',
      'SIP/2.0/UDP host;ttl=256',
      'SIP/2.0/UDP host;ttl',
      'SIP/2.0/UDP host;maddr',
      'SIP/2.0/UDP host;branch=a;branch=b',
      'SIP/2.0/UDP host,',
      'SIP/2.0/UDP [::1',
    ]) {
      assert.throws(
        () => parseVia(bad),
        (e: unknown) => e instanceof SipSyntaxError && e.header === 'Via',
        JSON.stringify(bad),
      );
    }
  });
});

describe('serializeVia and createVia', () => {
  it('round-trips', () => {
    const text = 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport=5060;received=192.0.2.9';
    assert.equal(serializeVia(one(text)), text);
  });

  it('builds the Via of an outgoing request, asking for rport', () => {
    const v = createVia({ transport: 'udp', host: '192.0.2.4', port: 5060, branch: 'z9hG4bKabc' });
    assert.equal(serializeVia(v), 'SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKabc;rport');
    assert.deepEqual(one(serializeVia(v)), v);
  });
});
