// The trunk manager over the transaction test kit: the INVITE a call out gets, call slots, number rewriting, refusals, status and events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrunkConfig } from '../../platform/index.ts';
import { flush, kit, responseTo } from '../sip/transaction/transaction-test-kit.ts';
import { StaticTrunkDirectory, dialNumber } from './trunk.ts';
import { TrunkManager, type TrunkManagerEvents } from './trunk-manager.ts';

const telecom: TrunkConfig = {
  name: 'telecom',
  host: '192.0.2.10',
  port: 5080,
  transport: 'udp',
  inbound: { addresses: ['192.0.2.10'] },
  outbound: {
    username: 'acct',
    password: 'secret-1',
    register: false,
    registerExpires: 3600,
    fromUser: '4008001000',
    fromDomain: 'carrier.example',
    passCallerId: false,
  },
  keepAliveSeconds: 0,
  maxConcurrentCalls: 2,
  dial: { stripPrefix: '+86', addPrefix: '0' },
};

function setup(trunks: TrunkConfig[], resolveHost?: (host: string) => Promise<string>) {
  const k = kit();
  const manager = new TrunkManager({
    directory: new StaticTrunkDirectory(trunks),
    transactions: k.layer,
    transport: k.transport,
    clock: k.clock,
    ...(resolveHost ? { resolveHost } : {}),
  });
  const events: [keyof TrunkManagerEvents, string, string][] = [];
  manager.on('status', (e) => events.push(['status', e.trunk, e.to]));
  manager.on('registration', (e) => events.push(['registration', e.trunk, e.to]));
  return { k, manager, events };
}

describe('TrunkManager', () => {
  it('builds the INVITE of a call out: number rewritten, our account in From, the trunk credentials', async () => {
    const { manager } = setup([telecom]);
    await manager.start();
    const call = manager.placeCall('telecom', '+8613800138000', {
      number: '1001',
      displayName: 'Agent "Li"',
    });
    assert.ok(!('refused' in call));
    assert.equal(call.invite.target, 'sip:013800138000@192.0.2.10:5080');
    assert.equal(call.invite.to, '<sip:013800138000@192.0.2.10:5080>');
    assert.equal(call.invite.from, '"Agent Li" <sip:4008001000@carrier.example>');
    assert.deepEqual(call.invite.destination, {
      protocol: 'udp',
      address: '192.0.2.10',
      port: 5080,
    });
    assert.ok(call.invite.auth, 'answers 401/407 with the trunk credentials');
    call.release();
  });

  it('presents the caller number when the trunk allows it, and marks TCP trunks', async () => {
    const { manager } = setup([
      {
        ...telecom,
        transport: 'tcp',
        port: 5060,
        outbound: { ...telecom.outbound!, passCallerId: true },
      },
    ]);
    await manager.start();
    const call = manager.placeCall('telecom', '13800138000', { number: '+862161234567' });
    assert.ok(!('refused' in call));
    assert.equal(call.invite.target, 'sip:013800138000@192.0.2.10;transport=tcp');
    assert.equal(call.invite.from, '<sip:+862161234567@carrier.example>');
    assert.equal(call.invite.destination?.protocol, 'tcp');
  });

  it('sends calls to a TLS trunk over TLS, its certificate checked against its host name', async () => {
    const { manager } = setup(
      [
        {
          ...telecom,
          host: 'sip.carrier.example',
          transport: 'tls',
          port: 5061,
          tlsAcceptSelfSigned: true,
        },
      ],
      async () => '192.0.2.10',
    );
    await manager.start();
    const call = manager.placeCall('telecom', '13800138000', { number: '1001' });
    assert.ok(!('refused' in call));
    assert.equal(call.invite.target, 'sip:013800138000@sip.carrier.example:5061;transport=tls');
    assert.deepEqual(call.invite.destination, {
      protocol: 'tls',
      address: '192.0.2.10',
      port: 5061,
      tls: { serverName: 'sip.carrier.example', acceptSelfSigned: true },
    });
  });

  it('holds a slot per call: at maxConcurrentCalls the next is refused until one is released', async () => {
    const { manager } = setup([telecom]);
    await manager.start();
    const a = manager.placeCall('telecom', '13800138000', { number: '1001' });
    const b = manager.placeCall('telecom', '13800138001', { number: '1002' });
    assert.deepEqual(manager.placeCall('telecom', '13800138002', { number: '1003' }), {
      refused: 'at-capacity',
    });
    assert.equal(manager.status()[0]!.activeCalls, 2);
    assert.ok(!('refused' in a) && !('refused' in b));
    a.release();
    a.release(); // idempotent: one slot back, not two
    assert.equal(manager.status()[0]!.activeCalls, 1);
    assert.ok(!('refused' in manager.placeCall('telecom', '13800138002', { number: '1003' })));
    assert.ok('refused' in manager.placeCall('telecom', '13800138003', { number: '1004' }));
  });

  it('refuses unknown trunks, inbound-only trunks, bad numbers and trunks whose host did not resolve', async () => {
    const inboundOnly: TrunkConfig = {
      name: 'peer',
      host: '198.51.100.7',
      port: 5060,
      transport: 'udp',
      inbound: { addresses: ['198.51.100.7'] },
      keepAliveSeconds: 0,
      dial: {},
    };
    const named: TrunkConfig = { ...telecom, name: 'named', host: 'sip.carrier.invalid' };
    const { manager } = setup([telecom, inboundOnly, named], async (host) => {
      throw new Error(`ENOTFOUND ${host}`);
    });
    await manager.start();
    const caller = { number: '1001' };
    assert.deepEqual(manager.placeCall('nope', '13800138000', caller), {
      refused: 'unknown-trunk',
    });
    assert.deepEqual(manager.placeCall('peer', '13800138000', caller), { refused: 'no-outbound' });
    assert.deepEqual(manager.placeCall('telecom', '1380#', caller), { refused: 'bad-number' });
    assert.deepEqual(manager.placeCall('named', '13800138000', caller), { refused: 'unresolved' });
    assert.match(manager.status()[2]!.error ?? '', /sip\.carrier\.invalid did not resolve/);
  });

  it('registers and keeps alive the trunks that ask for it, reports their status and events, and unregisters on stop', async () => {
    const { k, manager, events } = setup([
      { ...telecom, outbound: { ...telecom.outbound!, register: true }, keepAliveSeconds: 30 },
    ]);
    await manager.start();
    await flush();
    const register = k.transport.requests('REGISTER')[0]!;
    assert.equal(register.get('To'), '<sip:acct@carrier.example>');
    assert.equal(register.uri.type === 'sip' && register.uri.port, 5080);
    k.deliver(responseTo(register, 200));
    const options = k.transport.requests('OPTIONS')[0]!;
    k.deliver(responseTo(options, 200));
    await flush();
    const [status] = manager.status();
    assert.equal(status!.registration?.state, 'registered');
    assert.equal(status!.keepAlive?.state, 'up');
    const stopped = manager.stop();
    await flush();
    const unregister = k.transport.requests('REGISTER').at(-1)!;
    assert.equal(unregister.get('Expires'), '0');
    k.deliver(responseTo(unregister, 200));
    await stopped;
    assert.deepEqual(events, [
      ['registration', 'telecom', 'registering'],
      ['registration', 'telecom', 'registered'],
      ['status', 'telecom', 'up'],
      ['status', 'telecom', 'unknown'],
      ['registration', 'telecom', 'unregistering'],
      ['registration', 'telecom', 'unregistered'],
    ]);
  });

  it('stops within its time limit when the registrar does not answer the unregister', async () => {
    const { k, manager } = setup([
      { ...telecom, outbound: { ...telecom.outbound!, register: true } },
    ]);
    await manager.start();
    await flush();
    k.deliver(responseTo(k.transport.requests('REGISTER')[0]!, 200));
    await flush();
    const stopped = manager.stop();
    k.clock.advance(2_000);
    await stopped;
  });
});

describe('dialNumber', () => {
  it('strips and adds prefixes, and refuses what is not a dialable number', () => {
    assert.equal(dialNumber(telecom, '+8613800138000'), '013800138000');
    assert.equal(dialNumber(telecom, '13800138000'), '013800138000');
    const plain = { ...telecom, dial: {} };
    assert.equal(dialNumber(plain, '+8613800138000'), '+8613800138000');
    assert.equal(dialNumber(plain, '*86'), '*86');
    assert.equal(dialNumber(plain, '138;user=phone'), undefined);
    assert.equal(dialNumber(plain, '1380@evil'), undefined);
    assert.equal(dialNumber(plain, ''), undefined);
  });
});
