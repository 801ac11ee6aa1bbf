// The native UDP sockets against real peers on 127.0.0.1 and ::1 (threads and processes: native-udp-threads.test.ts).
import assert from 'node:assert/strict';
import { SocketAddress } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { isMediaError } from './media-error.ts';
import type { MediaSocket } from './media-socket.ts';
import { NativeUdp, ipv6Text } from './native-udp.ts';
import { nativeAddonAvailable } from './native-addon.ts';
import { openSocketPair } from './socket-pair.ts';
import { Peer, V4, socketFds, waitFor } from './fixtures/native-udp-kit.ts';
import type { Datagram } from './fixtures/native-udp-kit.ts';

describe('native UDP sockets', { skip: !nativeAddonAvailable() && 'addon not built' }, () => {
  const native = NativeUdp.forThread()!;
  const sockets: MediaSocket[] = [];
  const peers: Peer[] = [];

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await Promise.all(peers.splice(0).map((p) => p.close()));
    assert.equal(native.stats.sockets, 0, 'every socket opened was closed');
  });

  function open(address = V4, port = 0): MediaSocket {
    const socket = native.open(address, port);
    sockets.push(socket);
    return socket;
  }

  /** Opens a socket and tells which fd it got. */
  function openWithFd(address = V4, port = 0): { socket: MediaSocket; fd: number } {
    const before = socketFds();
    const socket = open(address, port);
    const added = [...socketFds()].filter((fd) => !before.has(fd));
    assert.equal(added.length, 1, 'one new socket fd');
    return { socket, fd: added[0]! };
  }

  /** Opens sockets until one gets `fd` (the lowest free fd is handed out first); the others stay open. */
  function openOnFd(fd: number): MediaSocket {
    for (let i = 0; i < 1000; i++) {
      const opened = openWithFd();
      if (opened.fd === fd) return opened.socket;
      assert.ok(opened.fd < fd, `fd ${fd} was taken by something else`);
    }
    throw new Error(`fd ${fd} never came back`);
  }

  async function peer(address = V4): Promise<Peer> {
    const opened = await Peer.open(address);
    peers.push(opened);
    return opened;
  }

  function send(socket: MediaSocket, text: string, port: number, address = V4): void {
    const data = Buffer.from(text);
    socket.send(data, 0, data.length, port, address);
  }

  /** Records a native socket's datagrams, copied (the arena is reused by the next batch). */
  function record(socket: MediaSocket): Datagram[] {
    const got: Datagram[] = [];
    socket.onMessage((data, from) =>
      got.push({ data: Buffer.from(data), address: from.address, port: from.port }),
    );
    return got;
  }

  let hellos = 0;
  /** A native socket's port (MediaSocket has no address()): it says hello to `to`, whose rinfo tells. */
  async function portOf(socket: MediaSocket, to: Peer): Promise<number> {
    const hello = `hello ${++hellos}`;
    send(socket, hello, to.port, to.address);
    await waitFor(() => to.texts().includes(hello), hello);
    return to.received.find((d) => d.data.toString() === hello)!.port;
  }

  it('receives the bytes and IPv4 source of a dgram datagram and answers from its own port', async () => {
    const remote = await peer();
    const socket = open();
    const got = record(socket);
    const port = await portOf(socket, remote);
    const bytes = Buffer.from([0x80, 0x00, 0xff, 0x00, 0x7f, 0x00]);
    remote.socket.send(bytes, port, V4);
    await waitFor(() => got.length === 1, 'the datagram');
    assert.deepEqual(got[0], { data: bytes, address: V4, port: remote.port });

    let done = 0;
    socket.send(Buffer.from('..reply..'), 2, 5, remote.port, V4, () => done++);
    assert.equal(done, 1);
    await waitFor(() => remote.texts().includes('reply'), 'the reply');
    assert.deepEqual(remote.received.at(-1), {
      data: Buffer.from('reply'),
      address: V4,
      port,
    });
  });

  it('reports an IPv6 source on ::1 as "::1", as dgram does', async (t) => {
    const remote = await Peer.open('::1').catch(() => undefined);
    if (remote === undefined) return t.skip('::1 cannot be bound here');
    peers.push(remote);
    const socket = open('::1');
    const got = record(socket);
    const port = await portOf(socket, remote);
    assert.equal(remote.received[0]!.address, '::1', 'dgram’s view of the native socket');
    remote.socket.send('over v6', port, '::1');
    await waitFor(() => got.length === 1, 'the datagram');
    assert.deepEqual(got[0], { data: Buffer.from('over v6'), address: '::1', port: remote.port });
  });

  it('delivers datagrams to 300 sockets once each and in order, in few batches, each closed by the hooks', async () => {
    const remote = await peer();
    const many = Array.from({ length: 300 }, () => open());
    // 50 at a time: 300 at once would overflow the one dgram socket's receive buffer.
    for (let from = 0; from < 300; from += 50) {
      many
        .slice(from, from + 50)
        .forEach((socket, i) => send(socket, `hello ${from + i}`, remote.port));
      await waitFor(() => remote.received.length === from + 50, 'the hellos');
    }
    const ports: number[] = [];
    for (const d of remote.received) ports[Number(d.data.toString().slice(6))] = d.port;
    const got: string[][] = many.map(() => []);
    // d = a datagram, h = the after-batch hook, m = a microtask queued by a batch's first handler
    let trace = '';
    let firstOfBatch = true;
    many.forEach((socket, i) =>
      socket.onMessage((data) => {
        got[i]!.push(data.toString());
        trace += 'd';
        if (firstOfBatch) {
          firstOfBatch = false;
          queueMicrotask(() => {
            trace += 'm';
            firstOfBatch = true;
          });
        }
      }),
    );
    const remove = native.afterBatch(() => (trace += 'h'));
    const before = native.stats;
    // All sent in this tick, so all are queued before the thread polls: batching is not left to luck.
    for (let k = 0; k < 4; k++)
      for (let i = 0; i < 300; i++) remote.socket.send(`${i}:${k}`, ports[i], V4);
    await waitFor(() => got.every((g) => g.length >= 4), 'all 1,200 datagrams');
    await new Promise((resolve) => setImmediate(resolve));
    remove();

    got.forEach((g, i) =>
      assert.deepEqual(
        g,
        [0, 1, 2, 3].map((k) => `${i}:${k}`),
      ),
    );
    const batches = native.stats.batches - before.batches;
    assert.equal(native.stats.datagrams - before.datagrams, 1200);
    assert.ok(batches < 1200 / 8, `${batches} batches for 1,200 datagrams`);
    assert.match(
      trace,
      /^(d+hm)+$/,
      'each batch: its datagrams, then the hooks, then its microtasks',
    );
    assert.equal(trace.split('h').length - 1, batches);
  });

  it('hands handlers views into the arena, which the next batch overwrites: keep a copy', async () => {
    const remote = await peer();
    const socket = open();
    const port = await portOf(socket, remote);
    const views: Buffer[] = [];
    const copies: string[] = [];
    socket.onMessage((data) => {
      views.push(data);
      copies.push(data.toString());
    });
    remote.socket.send('AAAA', port, V4);
    await waitFor(() => views.length === 1, 'the first datagram');
    remote.socket.send('BBBB', port, V4);
    await waitFor(() => views.length === 2, 'the second datagram');
    // Each batch fills the arena from its first slot.
    assert.equal(views[0]!.buffer, views[1]!.buffer);
    assert.equal(views[0]!.byteOffset, views[1]!.byteOffset);
    assert.equal(views[0]!.toString(), 'BBBB', 'the kept view shows the later datagram');
    assert.deepEqual(copies, ['AAAA', 'BBBB']);
  });

  it('refuses a port held by dgram or by another native socket with EADDRINUSE', async () => {
    const remote = await peer();
    const inUse = { name: 'Error', code: 'EADDRINUSE', message: /^bind 127\.0\.0\.1:\d+: / };
    assert.throws(() => native.open(V4, remote.port), inUse);
    const port = await portOf(open(), remote);
    assert.throws(() => native.open(V4, port), inUse);
    assert.equal(native.stats.sockets, 1, 'failed binds hold no socket');
  });

  it('openSocketPair with native turns a taken port into MediaError port-in-use, holding nothing', async () => {
    const expectPortInUse = (error: unknown): boolean => {
      assert.ok(isMediaError(error, 'port-in-use'), String(error));
      assert.equal(error.code, 'unavailable');
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'EADDRINUSE');
      return true;
    };
    // A held port whose lower neighbour is free: RTP on the free one, RTCP on the held one.
    let holder: Peer | undefined;
    for (let i = 0; i < 20 && holder === undefined; i++) {
      const candidate = await peer();
      try {
        await native.open(V4, candidate.port - 1).close();
        holder = candidate;
      } catch {
        // the neighbour is taken by someone else; try another
      }
    }
    assert.ok(holder, 'a held port with a free neighbour');
    const rtpPort = holder.port - 1;
    await assert.rejects(openSocketPair(V4, rtpPort, native), expectPortInUse);
    await assert.rejects(openSocketPair(V4, holder.port, native), expectPortInUse);
    assert.equal(native.stats.sockets, 0);
    await native.open(V4, rtpPort).close(); // the RTP socket of the failed pair was closed

    await holder.close();
    peers.splice(peers.indexOf(holder), 1);
    const pair = await openSocketPair(V4, rtpPort, native);
    sockets.push(pair.rtp, pair.rtcp);
    const remote = await peer();
    assert.equal(await portOf(pair.rtp, remote), rtpPort);
    assert.equal(await portOf(pair.rtcp, remote), rtpPort + 1);
  });

  it('delivers nothing more to a handler once its socket is closed, not even the rest of its batch', async () => {
    const remote = await peer();
    const socket = open();
    const port = await portOf(socket, remote);
    const got: string[] = [];
    socket.onMessage((data) => {
      got.push(data.toString());
      void socket.close();
    });
    const read = native.stats.datagrams;
    for (const text of ['1', '2', '3']) remote.socket.send(text, port, V4); // sent in one tick
    await waitFor(() => got.length > 0, 'the first datagram');
    assert.equal(native.stats.datagrams - read, 3, 'the three came in the one batch');

    // Queued in the kernel but not yet read when closed: dropped with the socket.
    const sender = open();
    const other = open();
    const otherGot = record(other);
    const otherPort = await portOf(other, remote);
    const second = open();
    const secondGot = record(second);
    const secondPort = await portOf(second, remote);
    send(sender, 'queued', secondPort);
    await second.close();
    send(sender, 'barrier', otherPort);
    await waitFor(() => otherGot.length === 1, 'the barrier');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(got, ['1']);
    assert.deepEqual(secondGot, []);
  });

  it('sends nothing from a closed socket, without throwing', async () => {
    const remote = await peer();
    const closed = open();
    await portOf(closed, remote);
    await closed.close();
    let done = 0;
    send(closed, 'after close', remote.port);
    closed.send(Buffer.from('x'), 0, 1, remote.port, V4, () => done++);
    assert.equal(done, 1, 'done is still called');
    const witness = open();
    send(witness, 'barrier', remote.port); // same receive queue, so it comes after anything sent above
    await waitFor(() => remote.texts().includes('barrier'), 'the barrier');
    assert.deepEqual(remote.texts().slice(1), ['barrier']);
  });

  it('gives a socket that reuses a closed socket’s fd none of the old traffic or sends', async () => {
    const remote = await peer();
    const old = openWithFd();
    const oldGot = record(old.socket);
    await portOf(old.socket, remote);
    await old.socket.close();
    const reused = openOnFd(old.fd);
    const reusedGot = record(reused);
    const reusedPort = await portOf(reused, remote);
    remote.socket.send('for the new one', reusedPort, V4);
    await waitFor(() => reusedGot.length === 1, 'the datagram');
    send(old.socket, 'stale send', remote.port);
    send(reused, 'barrier', remote.port);
    await waitFor(() => remote.texts().includes('barrier'), 'the barrier');
    assert.deepEqual(oldGot, []);
    assert.deepEqual(remote.texts().slice(2), ['barrier']);
    assert.equal(remote.received.at(-1)!.port, reusedPort);
  });

  it('keeps a closed socket’s onMessage from taking the handler of the socket on its fd', async () => {
    const remote = await peer();
    const old = openWithFd();
    await old.socket.close();
    const reused = openOnFd(old.fd);
    const reusedGot = record(reused);
    const port = await portOf(reused, remote);
    const oldGot = record(old.socket); // late, on a closed socket
    remote.socket.send('for the new one', port, V4);
    await waitFor(() => reusedGot.length + oldGot.length === 1, 'the datagram');
    assert.equal(reusedGot.length, 1);
  });

  it('drops the rest of a batch’s datagrams for a socket closed mid-batch, though its fd is reused', async () => {
    const remote = await peer();
    const old = openWithFd();
    const port = await portOf(old.socket, remote);
    const oldGot: string[] = [];
    const reusedGot: string[] = [];
    old.socket.onMessage((data) => {
      oldGot.push(data.toString());
      void old.socket.close();
      openOnFd(old.fd).onMessage((later) => reusedGot.push(later.toString()));
    });
    for (const text of ['1', '2', '3']) remote.socket.send(text, port, V4); // one recvmmsg, one batch
    await waitFor(() => oldGot.length > 0, 'the first datagram');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(oldGot, ['1']);
    assert.deepEqual(reusedGot, []);
  });

  it('receives IPv4 on a socket bound to :: (dual-stack, as dgram), from ::ffff:127.0.0.1', async (t) => {
    let socket: MediaSocket;
    try {
      socket = open('::', 0);
    } catch {
      t.skip('no IPv6 on this host');
      return;
    }
    const got = record(socket);
    const remote = await peer();
    const port = await portOf(socket, remote);
    remote.socket.send('over IPv4', port, V4);
    await waitFor(() => got.length === 1, 'the IPv4 datagram');
    assert.equal(got[0]!.data.toString(), 'over IPv4');
    assert.equal(got[0]!.address, '::ffff:127.0.0.1');
    assert.equal(got[0]!.port, remote.port);
  });

  it('binds a named address (not an IP literal) through dgram, which resolves it', async () => {
    let pair: Awaited<ReturnType<typeof openSocketPair>> | undefined;
    for (let i = 0; i < 20 && pair === undefined; i++) {
      const port = 40000 + 2 * Math.floor(Math.random() * 4000);
      pair = await openSocketPair('localhost', port, native).catch(() => undefined);
    }
    assert.ok(pair, 'a free port pair');
    const { rtp, rtcp } = pair;
    const remote = await peer();
    const got: string[] = [];
    rtp.onMessage((data) => got.push(data.toString()));
    const port = await portOf(rtp, remote);
    remote.socket.send('to a named bind', port, V4);
    await waitFor(() => got.length === 1, 'the datagram');
    assert.equal(native.stats.sockets, 0, 'no native socket was opened for it');
    await Promise.all([rtp.close(), rtcp.close()]);
  });

  it('drops datagrams longer than 2,048 bytes, counts them, and delivers the next ones', async () => {
    const remote = await peer();
    const socket = open();
    const got = record(socket);
    const port = await portOf(socket, remote);
    const before = native.stats.truncated;
    for (const size of [2049, 2048, 3000, 5])
      remote.socket.send(Buffer.alloc(size, size), port, V4);
    await waitFor(() => got.some((d) => d.data.length === 5), 'the short datagram');
    assert.deepEqual(
      got.map((d) => d.data),
      [Buffer.alloc(2048, 2048), Buffer.alloc(5, 5)],
    );
    assert.equal(native.stats.truncated - before, 2);
  });
});

describe('ipv6Text', () => {
  it('writes addresses as inet_ntop does (the text dgram reports)', () => {
    const cases = [
      '00000000000000000000000000000001', // ::1
      '00000000000000000000000000000000', // ::
      'fe800000000000000000000000000001',
      '20010db80000000000080800200c417a', // 2001:db8::8:800:200c:417a
      '20010db8000000000001000000000001', // two runs of zeros: the first, longer one goes
      '20010db8000000010001000100010001', // one zero group: not compressed
      '00000000000000000000ffffc0000201', // IPv4-mapped
      '000000000000000000000000c0000201', // IPv4-compatible
      '00010000000000000000000000000000',
    ];
    for (const hex of cases) {
      const bytes = Buffer.from(hex, 'hex');
      const groups = hex.match(/.{4}/g)!.join(':');
      // SocketAddress normalizes through libuv's inet_ntop: the text dgram's rinfo carries.
      const expected = new SocketAddress({ address: groups, family: 'ipv6' }).address;
      assert.equal(ipv6Text(bytes), expected, hex);
    }
  });
});
