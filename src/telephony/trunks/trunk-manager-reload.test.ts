// Trunks changed while the manager runs (the trunks API), over the transaction test kit: one
// added starts registering, one changed unregisters (Expires: 0) before it registers anew, one
// removed unregisters and takes no more calls, calls in progress keep their slots, and the other
// trunks are never touched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrunkConfig } from '../../platform/index.ts';
import { flush, kit, responseTo } from '../sip/transaction/transaction-test-kit.ts';
import { LiveTrunkDirectory } from './live-trunk-directory.ts';
import { TrunkManager, type TrunkManagerEvents } from './trunk-manager.ts';

const fixed: TrunkConfig = {
  name: 'fixed',
  host: '192.0.2.20',
  port: 5060,
  transport: 'udp',
  inbound: { addresses: [] },
  outbound: {
    username: 'fixed-acct',
    password: 'fixed-secret',
    register: true,
    registerExpires: 3600,
    fromUser: 'fixed-acct',
    passCallerId: false,
  },
  keepAliveSeconds: 0,
  dial: {},
};

const managed: TrunkConfig = {
  ...fixed,
  name: 'managed',
  host: '192.0.2.30',
  outbound: { ...fixed.outbound!, username: 'acct-1', password: 'secret-one', fromUser: 'acct-1' },
};

function setup() {
  const k = kit();
  const directory = new LiveTrunkDirectory([fixed]);
  const manager = new TrunkManager({
    directory,
    transactions: k.layer,
    transport: k.transport,
    clock: k.clock,
  });
  const events: string[] = [];
  const record = (kind: keyof TrunkManagerEvents) => (e: { trunk: string; to: string }) =>
    events.push(`${kind} ${e.trunk} ${e.to}`);
  manager.on('registration', record('registration'));
  manager.on('status', record('status'));
  /** The REGISTERs sent to a host, in order. */
  const registers = (host: string) =>
    k.transport.sent
      .filter((s) => 'method' in s.message && s.message.method === 'REGISTER')
      .filter((s) => s.destination.address === host)
      .map((s) => s.message as ReturnType<typeof k.transport.requests>[number]);
  return { k, directory, manager, events, registers };
}

describe('TrunkManager: trunks changed while running', () => {
  it('starts a trunk added to the directory; the running ones are not touched', async () => {
    const { k, directory, manager, events, registers } = setup();
    await manager.start();
    await flush();
    k.deliver(responseTo(registers(fixed.host)[0]!, 200));
    await flush();
    directory.set(managed);
    await manager.reload('managed');
    await flush();
    const [register] = registers(managed.host);
    assert.ok(register, 'the new trunk registers');
    assert.equal(register.get('To'), '<sip:acct-1@192.0.2.30>');
    k.deliver(responseTo(register, 200));
    await flush();
    assert.deepEqual(
      manager.status().map((s) => [s.name, s.registration?.state]),
      [
        ['fixed', 'registered'],
        ['managed', 'registered'],
      ],
    );
    assert.equal(registers(fixed.host).length, 1, 'the config trunk was not registered again');
    assert.ok(!('refused' in manager.placeCall('managed', '13800138000', { number: '1001' })));
    assert.deepEqual(events, [
      'registration fixed registering',
      'registration fixed registered',
      'registration managed registering',
      'registration managed registered',
    ]);
  });

  it('restarts a changed trunk: the old binding removed (Expires: 0) before the new REGISTER', async () => {
    const { k, directory, manager, events, registers } = setup();
    directory.set(managed);
    await manager.start();
    await flush();
    k.deliver(responseTo(registers(managed.host)[0]!, 200));
    await flush();
    const call = manager.placeCall('managed', '13800138000', { number: '1001' });
    assert.ok(!('refused' in call));
    events.length = 0;

    const changed: TrunkConfig = {
      ...managed,
      outbound: { ...managed.outbound!, password: 'secret-two', registerExpires: 600 },
      keepAliveSeconds: 30,
    };
    directory.set(changed);
    const reloaded = manager.reload('managed');
    await flush();
    const unregister = registers(managed.host).at(-1)!;
    assert.equal(unregister.get('Expires'), '0');
    assert.equal(registers(managed.host).length, 2, 'nothing new before the old binding is gone');
    k.deliver(responseTo(unregister, 200));
    await reloaded;
    await flush();
    const fresh = registers(managed.host).at(-1)!;
    assert.equal(fresh.get('Expires'), '600', 'the new settings');
    assert.notEqual(fresh.get('Call-ID'), unregister.get('Call-ID'), 'a new registration');
    k.deliver(responseTo(fresh, 200));
    await flush();
    assert.equal(manager.status()[1]!.registration?.state, 'registered');
    assert.ok(manager.status()[1]!.keepAlive, 'the keep-alive it now asks for runs');
    // The call placed before the change still holds its slot, and gives it back.
    assert.equal(manager.activeCalls('managed'), 1);
    call.release();
    assert.equal(manager.activeCalls('managed'), 0);
    assert.deepEqual(
      events.filter((e) => e.startsWith('registration')),
      [
        'registration managed unregistering',
        'registration managed unregistered',
        'registration managed registering',
        'registration managed registered',
      ],
    );
    assert.equal(registers(fixed.host).length, 1, 'the other trunk was not touched');
  });

  it('stops a removed trunk: it unregisters and takes no more calls', async () => {
    const { k, directory, manager, registers } = setup();
    directory.set(managed);
    await manager.start();
    await flush();
    k.deliver(responseTo(registers(managed.host)[0]!, 200));
    await flush();
    directory.delete('managed');
    const removed = manager.reload('managed');
    await flush();
    const unregister = registers(managed.host).at(-1)!;
    assert.equal(unregister.get('Expires'), '0');
    k.deliver(responseTo(unregister, 200));
    await removed;
    assert.deepEqual(
      manager.status().map((s) => s.name),
      ['fixed'],
    );
    assert.deepEqual(manager.placeCall('managed', '13800138000', { number: '1001' }), {
      refused: 'unknown-trunk',
    });
    assert.equal(registers(managed.host).length, 2, 'no REGISTER after the unregister');
  });

  it('reads the directory when a reload runs (changes in a row end as the last), and none once stopped', async () => {
    const { k, directory, manager, registers } = setup();
    await manager.start();
    directory.set(managed);
    const added = manager.reload('managed');
    directory.delete('managed');
    const removed = manager.reload('managed');
    await Promise.all([added, removed]);
    await flush();
    assert.equal(registers(managed.host).length, 0, 'removed before it ever ran');
    assert.deepEqual(
      manager.status().map((s) => s.name),
      ['fixed'],
    );
    const stopped = manager.stop();
    k.clock.advance(2_000);
    await stopped;
    directory.set(managed);
    await manager.reload('managed');
    await flush();
    assert.equal(registers(managed.host).length, 0, 'a stopped manager starts nothing');
  });
});
