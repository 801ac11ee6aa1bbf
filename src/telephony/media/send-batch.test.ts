// The send batch: packets held until the flush, sent in order as one burst, one flush scheduled per turn.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { DgramSocket } from './media-socket.ts';
import type { MediaSocket } from './media-socket.ts';
import { NativeUdp } from './native-udp.ts';
import { SendBatch } from './send-batch.ts';
import { UdpPeer, sleep } from './fixtures/media-test-kit.ts';

let sender: MediaSocket;
let peer: UdpPeer;

async function dgramSocket(): Promise<MediaSocket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return new DgramSocket(socket);
}

before(async () => {
  sender = await dgramSocket();
  peer = await UdpPeer.open();
});

after(async () => {
  await peer.close();
  await sender.close();
});

describe('SendBatch', () => {
  it('holds packets until the flush, then sends them in order with their lengths', async () => {
    const flushes: Array<() => void> = [];
    const batch = new SendBatch((flush) => flushes.push(flush));
    const packets = [0, 1, 2, 3, 4].map((i) => Buffer.alloc(40, i));
    for (const [i, p] of packets.entries()) batch.send(sender, p, 20 + i, peer.port, '127.0.0.1');
    assert.equal(flushes.length, 1, 'one flush scheduled for the whole turn');
    assert.equal(batch.pending, 5);
    await sleep(30);
    assert.equal(peer.received.length, 0, 'nothing leaves before the flush');
    flushes[0]!();
    assert.equal(batch.pending, 0);
    await peer.waitUntil((r) => r.length === 5);
    assert.deepEqual(
      peer.received.map((r) => [r.data[0], r.data.length]),
      [0, 1, 2, 3, 4].map((i) => [i, 20 + i]),
    );
    assert.deepEqual(batch.figures, { largestBurst: 5, flushes: 1 });
  });

  it('schedules a new flush for packets queued after one, and by default flushes on setImmediate', async () => {
    const before = peer.received.length;
    const batch = new SendBatch();
    batch.send(sender, Buffer.from('one'), 3, peer.port, '127.0.0.1');
    batch.send(sender, Buffer.from('two'), 3, peer.port, '127.0.0.1');
    assert.equal(batch.pending, 2);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(batch.pending, 0);
    batch.send(sender, Buffer.from('three'), 5, peer.port, '127.0.0.1');
    await peer.waitUntil((r) => r.length === before + 3);
    assert.deepEqual(
      peer.received.slice(before).map((r) => r.data.toString()),
      ['one', 'two', 'three'],
    );
    assert.equal(batch.figures.flushes, 2);
  });

  it('sends at once when a burst is full, without waiting for the flush', async () => {
    const before = peer.received.length;
    const flushes: Array<() => void> = [];
    const batch = new SendBatch((flush) => flushes.push(flush), 3);
    for (let i = 0; i < 4; i++) batch.send(sender, Buffer.from(`p${i}`), 2, peer.port, '127.0.0.1');
    assert.equal(batch.pending, 1, 'three left as a burst, the fourth waits');
    await peer.waitUntil((r) => r.length === before + 3);
    flushes[0]!();
    await peer.waitUntil((r) => r.length === before + 4);
    assert.deepEqual(
      peer.received.slice(before).map((r) => r.data.toString()),
      ['p0', 'p1', 'p2', 'p3'],
    );
    assert.deepEqual(batch.figures, { largestBurst: 3, flushes: 2 });
  });

  const native = NativeUdp.forThread();
  const kinds: [string, (() => Promise<MediaSocket>) | undefined][] = [
    ['dgram', dgramSocket],
    [
      'native',
      native === undefined ? undefined : () => Promise.resolve(native.open('127.0.0.1', 0)),
    ],
  ];
  for (const [kind, open] of kinds) {
    it(
      `drops the packets of a ${kind} socket closed before the flush without failing the others`,
      { skip: open === undefined && 'native/build/hotline-media.node is not built' },
      async () => {
        const before = peer.received.length;
        const closing = await open!();
        const flushes: Array<() => void> = [];
        const batch = new SendBatch((flush) => flushes.push(flush));
        batch.send(closing, Buffer.from('lost'), 4, peer.port, '127.0.0.1');
        batch.send(sender, Buffer.from('kept'), 4, peer.port, '127.0.0.1');
        await closing.close();
        // A socket opened now may get the closed one's fd number: the held packet must not use it.
        const reopened = await open!();
        assert.doesNotThrow(() => flushes[0]!());
        await peer.waitUntil((r) => r.length === before + 1);
        await sleep(20);
        assert.deepEqual(
          peer.received.slice(before).map((r) => r.data.toString()),
          ['kept'],
        );
        await reopened.close();
      },
    );
  }
});
