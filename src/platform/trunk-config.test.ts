// Trunks in the configuration: parsed from the config file or HOTLINE_SIP_TRUNKS, refused before start with the trunk and field named.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeConfig, loadConfig } from './config.ts';
import { HotlineError } from './errors.ts';
import type { TrunkConfig } from './trunk-config.ts';

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
      refusal(trunks([{ ...telecom, transport: 'sctp' }])),
      /transport: "sctp" is not udp, tcp or tls/,
    );
    assert.match(
      refusal(trunks([{ ...telecom, tlsAcceptSelfSigned: true }])),
      /tlsAcceptSelfSigned: only a trunk with transport "tls" has a certificate/,
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

  it('reads inbound digest credentials, alone or beside addresses', () => {
    const inbound = { username: 'carrier-in', password: ' spaces kept ' };
    const { config } = loadConfig({
      env: {
        HOTLINE_SIP_TRUNKS: JSON.stringify([
          { name: 'digest', host: '198.51.100.1', inbound },
          {
            name: 'both',
            host: '198.51.100.2',
            inbound: { ...inbound, username: 'other-in', addresses: ['203.0.113.7'] },
          },
        ]),
      },
      cwd: emptyDir(),
    });
    assert.deepEqual(
      config.sip.trunks.map((t) => t.inbound),
      [
        { addresses: [], username: 'carrier-in', password: ' spaces kept ' },
        { addresses: ['203.0.113.7'], username: 'other-in', password: ' spaces kept ' },
      ],
    );
  });

  it('refuses inbound credentials that are half given, weak, odd or shared, without showing a password', () => {
    const trunks = (t: object[]) => ({ HOTLINE_SIP_TRUNKS: JSON.stringify(t) });
    const withInbound = (inbound: object) => trunks([{ ...telecom, inbound }]);
    assert.match(
      refusal(withInbound({ username: 'carrier-in' })),
      /trunk 1 \("telecom"\): inbound\.username and inbound\.password: give both/,
    );
    assert.match(
      refusal(withInbound({ password: 'carrier-password' })),
      /inbound\.username and inbound\.password: give both/,
    );
    const weak = refusal(withInbound({ username: 'carrier-in', password: 'short-pw' }));
    assert.match(weak, /inbound\.password: must be at least 10 characters long/);
    assert.doesNotMatch(weak, /short-pw/);
    const odd = refusal(withInbound({ username: 'carrier-in', password: 12345678901 }));
    assert.match(odd, /inbound\.password: expected a non-empty string/);
    assert.doesNotMatch(odd, /12345678901/);
    assert.match(
      refusal(withInbound({ username: 'has space', password: 'carrier-password' })),
      /inbound\.username: "has space" must be/,
    );
    assert.match(
      refusal(withInbound({ user: 'carrier-in' })),
      /inbound\.user: unknown field \(known: inbound\.addresses, inbound\.username, inbound\.password\)/,
    );
    const inbound = { addresses: [], username: 'carrier-in', password: 'carrier-password' };
    assert.match(
      refusal(
        trunks([
          { ...telecom, inbound },
          { ...telecom, name: 'second', inbound },
        ]),
      ),
      /trunk 2 \("second"\): inbound\.username: "carrier-in" is trunk "telecom"'s already/,
    );
  });

  it('refuses an address two trunks share unless both require digest', () => {
    const digest = (username: string) => ({ username, password: 'carrier-password' });
    const second = { name: 'second', host: '198.51.100.2' };
    assert.match(
      refusal({
        HOTLINE_SIP_TRUNKS: JSON.stringify([
          telecom,
          { ...second, inbound: { addresses: ['203.0.113.5'], ...digest('second-in') } },
        ]),
      }),
      /203\.0\.113\.5 is an inbound address of "telecom" and "second", so calls from it could not be told apart/,
    );
    assert.match(
      refusal({
        HOTLINE_SIP_TRUNK_PEERS: 'legacy=203.0.113.5',
        HOTLINE_SIP_TRUNKS: JSON.stringify([{ ...telecom, name: 'other' }]),
      }),
      /203\.0\.113\.5 is an inbound address of "legacy" and "other"/,
    );
    const { config } = loadConfig({
      env: {
        HOTLINE_SIP_TRUNKS: JSON.stringify([
          { ...telecom, inbound: { addresses: ['203.0.113.5'], ...digest('telecom-in') } },
          { ...second, inbound: { addresses: ['203.0.113.5'], ...digest('second-in') } },
        ]),
      },
      cwd: emptyDir(),
    });
    assert.equal(config.sip.trunks.length, 2);
  });

  it('hides trunk passwords, inbound and outbound, when the configuration is described', () => {
    const { config } = loadConfig({
      env: {
        HOTLINE_SIP_TRUNKS: JSON.stringify([
          { ...telecom, inbound: { username: 'carrier-in', password: 'inbound-secret-1' } },
        ]),
      },
      cwd: emptyDir(),
    });
    const shown = JSON.stringify(describeConfig(config));
    assert.doesNotMatch(shown, /inbound-secret-1/);
    assert.doesNotMatch(shown, /"secret"/);
    const trunk = (describeConfig(config).sip as { trunks: TrunkConfig[] }).trunks[0]!;
    assert.equal(trunk.inbound.password, '***');
    assert.equal(trunk.outbound?.password, '***');
    assert.equal(trunk.inbound.username, 'carrier-in');
    assert.equal(config.sip.trunks[0]!.inbound.password, 'inbound-secret-1', 'the config keeps it');
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
