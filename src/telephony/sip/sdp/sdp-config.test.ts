import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../../platform/index.ts';
import { checkEndpoint, resolveSdpConfig } from './sdp-config.ts';

describe('resolveSdpConfig', () => {
  it('defaults to G.711 both laws, DTMF on 101 with 0-15, ptime 20, no rtcp-mux', () => {
    const config = resolveSdpConfig();
    assert.deepEqual(
      config.codecs.map((c) => c.name),
      ['PCMU', 'PCMA'],
    );
    assert.equal(config.telephoneEvent?.payloadType, 101);
    assert.equal(config.telephoneEvent?.events.size, 16);
    assert.equal(config.ptime, 20);
    assert.equal(config.maxptime, undefined);
    assert.equal(config.rtcpMux, false);
    assert.equal(config.sessionName, 'Hotline');
    assert.equal(config.username, '-');
  });

  it('takes codecs in the operator order, case-insensitively', () => {
    const config = resolveSdpConfig({ codecs: ['pcma'], telephoneEvent: false });
    assert.deepEqual(
      config.codecs.map((c) => c.name),
      ['PCMA'],
    );
    assert.equal(config.telephoneEvent, null);
  });

  for (const [name, input, field] of [
    ['no codec', { codecs: [] }, 'codecs'],
    ['an unknown codec', { codecs: ['G729'] }, 'codecs'],
    ['a codec twice', { codecs: ['PCMU', 'pcmu'] }, 'codecs'],
    [
      'a static telephone-event PT',
      { telephoneEvent: { payloadType: 8 } },
      'telephoneEvent.payloadType',
    ],
    ['a bad event list', { telephoneEvent: { events: '0-x' } }, 'telephoneEvent.events'],
    ['a ptime G.711 cannot do', { ptime: 25 }, 'ptime'],
    ['maxptime under ptime', { ptime: 20, maxptime: 10 }, 'maxptime'],
    ['a two-line session name', { sessionName: 'a\r\nb' }, 'sessionName'],
    ['a username with a space', { username: 'a b' }, 'username'],
  ] as const) {
    it(`refuses ${name}, naming the field`, () => {
      assert.throws(
        () => resolveSdpConfig(input),
        (e) => isHotlineError(e, 'invalid-config') && e.field === field,
      );
    });
  }
});

describe('checkEndpoint', () => {
  it('accepts IP literals and UDP ports, refuses anything else as a bug', () => {
    checkEndpoint({ addresses: ['192.0.2.1', '2001:db8::1'], port: 20000, rtcpPort: 20001 });
    assert.throws(() => checkEndpoint({ addresses: [], port: 20000 }), RangeError);
    assert.throws(() => checkEndpoint({ addresses: ['media.example.com'], port: 1 }), RangeError);
    assert.throws(() => checkEndpoint({ addresses: ['192.0.2.1'], port: 0 }), RangeError);
    assert.throws(
      () => checkEndpoint({ addresses: ['192.0.2.1'], port: 1, rtcpPort: 70000 }),
      RangeError,
    );
  });
});
