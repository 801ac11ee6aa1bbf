// The native UDP sockets in worker threads and child processes: a throwing handler, two threads at once, liveness.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { nativeAddonAvailable } from './native-addon.ts';
import { Peer, V4, bootstrap, waitFor } from './fixtures/native-udp-kit.ts';

describe(
  'native UDP sockets in threads and processes',
  { skip: !nativeAddonAvailable() && 'addon not built' },
  () => {
    const peers: Peer[] = [];

    afterEach(async () => {
      await Promise.all(peers.splice(0).map((p) => p.close()));
    });

    async function peer(): Promise<Peer> {
      const opened = await Peer.open(V4);
      peers.push(opened);
      return opened;
    }

    it(
      'delivers the rest of a batch after a handler throws, then raises it as uncaught',
      { timeout: 30_000 },
      async () => {
        const worker = new Worker(
          bootstrap(`
        const dgram = require('node:dgram');
        const { parentPort } = require('node:worker_threads');
        const native = NativeUdp.forThread();
        const socket = native.open('127.0.0.1', 0);
        const seen = [];
        socket.onMessage((data) => {
          seen.push(data.toString());
          if (data.toString() === 'boom') throw new Error('handler failed on boom');
        });
        native.afterBatch(() => parentPort.postMessage([...seen]));
        const peer = dgram.createSocket('udp4');
        // Sent in one tick from this thread, so the three reach the socket before it is read.
        peer.on('message', (_, from) => {
          for (const text of ['one', 'boom', 'three']) peer.send(text, from.port, '127.0.0.1');
        });
        peer.bind(0, '127.0.0.1', () =>
          socket.send(Buffer.from('hello'), 0, 5, peer.address().port, '127.0.0.1'));
      `),
          { eval: true },
        );
        const batches: string[][] = [];
        const errors: Error[] = [];
        worker.on('message', (seen: string[]) => batches.push(seen));
        worker.on('error', (error) => errors.push(error));
        const code = await new Promise((resolve) => worker.once('exit', resolve));
        assert.notEqual(code, 0);
        assert.deepEqual(
          errors.map((e) => e.message),
          ['handler failed on boom'],
        );
        assert.deepEqual(
          batches,
          [['one', 'boom', 'three']],
          'one batch, delivered whole, hooks run',
        );
      },
    );

    it(
      'works in two worker threads at once; terminating one frees its port',
      { timeout: 30_000 },
      async () => {
        const remote = await peer();
        const echo = bootstrap(`
      const { parentPort, workerData } = require('node:worker_threads');
      const socket = NativeUdp.forThread().open('127.0.0.1', 0);
      socket.onMessage((data, from) => socket.send(data, 0, data.length, from.port, from.address));
      parentPort.on('message', () => {
        socket.close();
        parentPort.close();
      });
      const hello = Buffer.from('hello ' + workerData.name);
      socket.send(hello, 0, hello.length, workerData.port, '127.0.0.1');
    `);
        const workers = ['a', 'b'].map(
          (name) => new Worker(echo, { eval: true, workerData: { name, port: remote.port } }),
        );
        const failures: Error[] = [];
        for (const w of workers) w.on('error', (error) => failures.push(error));
        try {
          await waitFor(
            () => remote.received.length === 2 || failures.length > 0,
            'the hellos',
            20_000,
          );
          assert.deepEqual(failures, []);
          const portOfWorker = (name: string): number =>
            remote.received.find((d) => d.data.toString() === `hello ${name}`)!.port;
          const [a, b] = [portOfWorker('a'), portOfWorker('b')];
          assert.notEqual(a, b);
          remote.socket.send('ping a', a, V4);
          remote.socket.send('ping b', b, V4);
          await waitFor(() => remote.received.length === 4, 'the echoes');
          const echoes = remote.received.slice(2).map((d) => `${d.data.toString()} from ${d.port}`);
          assert.deepEqual(echoes.sort(), [`ping a from ${a}`, `ping b from ${b}`].sort());

          await workers[0]!.terminate(); // its socket still open
          await (await Peer.open(V4, a)).close(); // the port is free again
          remote.socket.send('ping b again', b, V4);
          await waitFor(() => remote.texts().includes('ping b again'), 'the echo after a ended');

          const exited = new Promise((resolve) => workers[1]!.once('exit', resolve));
          workers[1]!.postMessage('close'); // closes its socket: then nothing keeps the thread alive
          assert.equal(await exited, 0);
          assert.deepEqual(failures, []);
        } finally {
          await Promise.all(workers.map((w) => w.terminate()));
        }
      },
    );

    it(
      'keeps a process alive while a socket is open, and lets it exit once none is',
      { timeout: 30_000 },
      async () => {
        const remote = await peer();
        const child = spawn(
          process.execPath,
          [
            '-e',
            bootstrap(`
          const native = NativeUdp.forThread();
          void native.open('127.0.0.1', 0).close();
          const socket = native.open('127.0.0.1', 0);
          socket.onMessage((data) => {
            console.log('got ' + data);
            void socket.close();
          });
          socket.send(Buffer.from('hello'), 0, 5, ${remote.port}, '127.0.0.1');
          console.log('script done');
        `),
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        const killer = setTimeout(() => child.kill(), 20_000);
        try {
          await waitFor(
            () => stdout.includes('script done') && remote.received.length > 0,
            'the child',
            20_000,
          );
          // Only the open socket can still be holding the child: answer it, and it closes and exits.
          remote.socket.send('ping', remote.received[0]!.port, V4);
          assert.equal(await exited, 0);
          assert.equal(stdout, 'script done\ngot ping\n');
        } finally {
          clearTimeout(killer);
          child.kill();
        }
      },
    );
  },
);
