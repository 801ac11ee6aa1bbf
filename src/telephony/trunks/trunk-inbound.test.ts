// A trunk's inbound side handed to the INVITE authenticator, and the clash of a carrier's username with an extension.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrunkConfig } from '../../platform/index.ts';
import { inboundPeer, inboundUsernameClashes } from './trunk-inbound.ts';

const trunk = (name: string, inbound: TrunkConfig['inbound']): TrunkConfig => ({
  name,
  host: '192.0.2.10',
  port: 5060,
  transport: 'udp',
  inbound,
  keepAliveSeconds: 0,
  dial: {},
});

describe('inboundPeer', () => {
  it('carries the addresses, and the digest credentials when the trunk has them', () => {
    assert.deepEqual(inboundPeer(trunk('a', { addresses: ['192.0.2.10'] })), {
      name: 'a',
      addresses: ['192.0.2.10'],
    });
    assert.deepEqual(
      inboundPeer(trunk('b', { addresses: [], username: 'acct', password: 'carrier-pass' })),
      { name: 'b', addresses: [], digest: { username: 'acct', password: 'carrier-pass' } },
    );
  });
});

describe('inboundUsernameClashes', () => {
  it('names each trunk whose inbound username is an extension', () => {
    const trunks = [
      trunk('a', { addresses: ['192.0.2.10'] }),
      trunk('b', { addresses: [], username: '1001', password: 'carrier-pass' }),
      trunk('c', { addresses: [], username: 'acct', password: 'carrier-pass' }),
    ];
    const clashes = inboundUsernameClashes(trunks, (e) => e === '1001' || e === '1002');
    assert.equal(clashes.length, 1);
    assert.match(clashes[0]!, /sip\.trunks "b": inbound\.username "1001" is also a SIP extension/);
    assert.deepEqual(
      inboundUsernameClashes(trunks, () => false),
      [],
    );
  });
});
