// Trunks in the configuration: parsed from the config file or HOTLINE_SIP_TRUNKS, refused before start with the trunk and field named.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';
import { HotlineError } from './errors.ts';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'hotline-trunks-'));

const telecom = {
  name: 'telecom',
  host: 'sip.carrier.example',
  inbound: { addresses: ['203.0.113.5'] },
  outbound: { username: 'acct', password: 'secret', register: true, fromUser: '4008001000' },
  keepAliveSeconds: 30,
};

function refusal(env: Record<string, string>, file?: object): string {
  const cwd = emptyDir();
  if (file) writeFileSync(join(cwd, 'hotline.config.json'), JSON.stringify(file));
  try {
    loadConfig({ env, cwd });
  } catch (error) {
    assert.ok(error instanceof HotlineError);
    assert.equal(error.code, 'invalid-config');
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('trunks in the configuration', () => {
  it('reads trunks from the config file, with defaults filled in', () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'hotline.config.json'),
      JSON.stringify({ sip: { trunks: [telecom], outboundTrunk: 'telecom' } }),
    );
    const { config } = loadConfig({ env: {}, cwd });
    assert.deepEqual(config.sip.trunks, [
      {
        name: 'telecom',
        host: 'sip.carrier.example',
        port: 5060,
        transport: 'udp',
        inbound: { addresses: ['203.0.113.5'] },
        outbound: {
          username: 'acct',
          password: 'secret',
          register: true,
          registerExpires: 3600,
          fromUser: '4008001000',
          passCallerId: false,
        },
        keepAliveSeconds: 30,
        dial: {},
      },
    ]);
    assert.equal(config.sip.outboundTrunk, 'telecom');
    assert.equal(config.sip.outboundPattern, '^\\+?[0-9]{3,15}$');
    assert.ok(new RegExp(config.sip.outboundPattern).test('+8613800138000'));
  });

  it('reads HOTLINE_SIP_TRUNKS as JSON; the old name=address peers still work beside it', () => {
    const { config } = loadConfig({
      env: {
        HOTLINE_SIP_TRUNKS: JSON.stringify([{ name: 'in', host: '198.51.100.1' }]),
        HOTLINE_SIP_TRUNK_PEERS: 'legacy=203.0.113.9',
      },
      cwd: emptyDir(),
    });
    assert.equal(config.sip.trunks[0]!.name, 'in');
    assert.equal(config.sip.trunks[0]!.outbound, undefined);
    assert.deepEqual(config.sip.trunkPeers, [{ name: 'legacy', address: '203.0.113.9' }]);
  });

  it('names the trunk and the field of each mistake', () => {
    const trunks = (t: object[]) => ({ HOTLINE_SIP_TRUNKS: JSON.stringify(t) });
    assert.match(
      refusal(trunks([{ ...telecom, port: 70000 }])),
      /HOTLINE_SIP_TRUNKS: trunk 1 \("telecom"\): port: 70000 is outside 1–65535/,
    );
    assert.match(
      refusal(trunks([telecom, { ...telecom, host: 'bad host' }])),
      /trunk 2 \("telecom"\): host: "bad host" is neither an IP address nor a host name/,
    );
    assert.match(
      refusal(trunks([telecom, telecom])),
      /trunk 2 \("telecom"\): name: used by another trunk/,
    );
    assert.match(
      refusal(trunks([{ ...telecom, inbound: { addresses: ['203.0.113.5', 'carrier'] } }])),
      /inbound\.addresses\[1\]: "carrier" is not an IPv4 or IPv6 address/,
    );
    assert.match(
      refusal(trunks([{ ...telecom, outbound: { username: 'acct', fromUser: '1' } }])),
      /outbound\.username and outbound\.password: give both/,
    );
    assert.match(
      refusal(trunks([{ ...telecom, outbound: { ...telecom.outbound, registerExpires: 5 } }])),
      /outbound\.registerExpires: 5 is outside 60–86400/,
    );
    assert.match(
      refusal(trunks([{ ...telecom, transport: 'tls' }])),
      /transport: "tls" is not udp or tcp/,
    );
    assert.match(
      refusal(trunks([{ ...telecom, keepalive: 30 }])),
      /trunk 1 \("telecom"\): keepalive: unknown field/,
    );
    assert.match(
      refusal(trunks([{ ...telecom, dial: { stripPrefix: 'abc' } }])),
      /dial\.stripPrefix: "abc" is not digits/,
    );
    assert.match(refusal({ HOTLINE_SIP_TRUNKS: '[{' }), /HOTLINE_SIP_TRUNKS: not a JSON array/);
  });

  it('refuses an outbound trunk that does not exist or takes no calls out, and a bad pattern', () => {
    assert.match(
      refusal({ HOTLINE_SIP_OUTBOUND_TRUNK: 'telecom' }),
      /HOTLINE_SIP_OUTBOUND_TRUNK: no trunk is named "telecom"/,
    );
    assert.match(
      refusal({
        HOTLINE_SIP_OUTBOUND_TRUNK: 'in',
        HOTLINE_SIP_TRUNKS: JSON.stringify([{ name: 'in', host: '198.51.100.1' }]),
      }),
      /trunk "in" has no outbound settings/,
    );
    assert.match(
      refusal({ HOTLINE_SIP_OUTBOUND_PATTERN: '^[0-9' }),
      /HOTLINE_SIP_OUTBOUND_PATTERN: "\^\[0-9" is not a valid regular expression/,
    );
    assert.match(
      refusal({
        HOTLINE_SIP_TRUNK_PEERS: 'telecom=203.0.113.5',
        HOTLINE_SIP_TRUNKS: JSON.stringify([telecom]),
      }),
      /"telecom" is also the name of a trunk/,
    );
  });
});
