// The send batch: packets held until the flush, sent in order as one burst, one flush scheduled per turn.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { SendBatch } from './send-batch.ts';
import { UdpPeer, sleep } from './fixtures/media-test-kit.ts';

let sender: Socket;
let peer: UdpPeer;

before(async () => {
  sender = createSocket('udp4');
  await new Promise<void>((resolve) => sender.bind(0, '127.0.0.1', resolve));
  peer = await UdpPeer.open();
});

after(async () => {
  await peer.close();
  await new Promise<void>((resolve) => sender.close(() => resolve()));
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

  it('drops the packets of a socket closed before the flush without failing the others', async () => {
    const before = peer.received.length;
    const closing = createSocket('udp4');
    await new Promise<void>((resolve) => closing.bind(0, '127.0.0.1', resolve));
    const flushes: Array<() => void> = [];
    const batch = new SendBatch((flush) => flushes.push(flush));
    batch.send(closing, Buffer.from('lost'), 4, peer.port, '127.0.0.1');
    batch.send(sender, Buffer.from('kept'), 4, peer.port, '127.0.0.1');
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    assert.doesNotThrow(() => flushes[0]!());
    await peer.waitUntil((r) => r.length === before + 1);
    await sleep(20);
    assert.deepEqual(
      peer.received.slice(before).map((r) => r.data.toString()),
      ['kept'],
    );
  });
});
