// The engine with real worker threads: placement by call, a crashed worker reported and replaced, refusals.
import assert from 'node:assert/strict';
import { Worker as WorkerThread } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { after, describe, it } from 'node:test';
import { MediaEngine } from './media-engine.ts';
import { isMediaError } from './media-error.ts';
import type { EndpointFailedEvent, MediaEvent } from './media-events.ts';
import { spawnMediaWorker } from './worker-spawn.ts';
import {
  UdpPeer,
  dominantFrequency,
  decodePayloads,
  negotiated,
  rtpOnly,
  sendStream,
  sleep,
  tone,
} from './fixtures/media-test-kit.ts';
import { ULAW_DECODE } from './g711.ts';

// Each engine takes its own slice of ports; other test files use random ports in 40000-58000.
let nextRange = 58_000 + Math.floor(Math.random() * 300) * 20;
function ports(pairs: number): { min: number; max: number } {
  const min = nextRange;
  nextRange += pairs * 2 + 2;
  return { min, max: min + pairs * 2 - 1 };
}

const engines: MediaEngine[] = [];
after(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

async function engine(
  options: Partial<Parameters<typeof MediaEngine.start>[0]> = {},
): Promise<MediaEngine> {
  const e = await MediaEngine.start({
    ports: ports(20),
    advertisedAddress: '127.0.0.1',
    bindAddress: '127.0.0.1',
    workers: 2,
    ...options,
  });
  engines.push(e);
  return e;
}

describe('MediaEngine', () => {
  it('places both legs of a call in one worker and relays a bridged call through it', async () => {
    const media = await engine();
    const [pa, pb] = [await UdpPeer.open(), await UdpPeer.open()];
    const a = await media.request({
      type: 'endpoint.create',
      endpointId: 'a',
      callId: 'call-1',
      legId: 'customer',
      media: negotiated(pa.port),
    });
    const b = await media.request({
      type: 'endpoint.create',
      endpointId: 'b',
      callId: 'call-1',
      legId: 'agent',
      media: negotiated(pb.port),
    });
    await media.request({
      type: 'endpoint.create',
      endpointId: 'c',
      callId: 'call-2',
      legId: 'customer',
    });
    assert.equal(a.type, 'endpoint.created');
    assert.equal(a.local.address, '127.0.0.1');
    assert.equal(a.local.port % 2, 0);
    assert.equal(a.local.rtcpPort, a.local.port + 1);
    assert.deepEqual(
      media.stats.workers.map((w) => w.endpoints).sort(),
      [1, 2],
      'call-1 together, call-2 on the other worker',
    );
    await media.request({ type: 'bridge', endpointIds: ['a', 'b'] });
    await sendStream(pa, a.local.port, tone(800, 200));
    await sleep(50);
    assert.equal(rtpOnly(pb.received).length, 10);
    assert.equal(dominantFrequency(decodePayloads(rtpOnly(pb.received), ULAW_DECODE)), 800);
    const destroyed = await media.request({ type: 'endpoint.destroy', endpointId: 'a' });
    assert.equal(destroyed.quality.packetsReceived, 10);
    assert.equal(b.endpointId, 'b');
    await pa.close();
    await pb.close();
  });

  it('refuses clearly: unknown endpoint, invalid command, legs of different calls in one bridge', async () => {
    const media = await engine();
    await assert.rejects(
      media.request({ type: 'play.stop', endpointId: 'ghost' }),
      (e: unknown) => isMediaError(e, 'unknown-endpoint') && e.code === 'not-found',
    );
    await assert.rejects(
      media.request({ type: 'dtmf.send', endpointId: 'x', digits: 'z' }),
      (e: unknown) => isMediaError(e, 'invalid-command'),
    );
    await media.request({ type: 'endpoint.create', endpointId: 'x1', callId: 'c1', legId: 'l' });
    await media.request({ type: 'endpoint.create', endpointId: 'x2', callId: 'c2', legId: 'l' });
    await assert.rejects(
      media.request({ type: 'bridge', endpointIds: ['x1', 'x2'] }),
      (e: unknown) => isMediaError(e, 'different-workers') && /same callId/.test(e.message),
    );
    await assert.rejects(
      media.request({ type: 'endpoint.create', endpointId: 'x1', callId: 'c1', legId: 'l' }),
      (e: unknown) => isMediaError(e, 'duplicate-id'),
    );
  });

  it('refuses new endpoints when the port range is exhausted, and accepts again once one is freed', async () => {
    const media = await engine({ ports: ports(3) });
    assert.equal(media.admission(), undefined);
    for (let i = 0; i < 3; i++)
      await media.request({
        type: 'endpoint.create',
        endpointId: `p${i}`,
        callId: `c${i}`,
        legId: 'l',
      });
    await assert.rejects(
      media.request({ type: 'endpoint.create', endpointId: 'p3', callId: 'c3', legId: 'l' }),
      (e: unknown) =>
        isMediaError(e, 'ports-exhausted') &&
        e.code === 'unavailable' &&
        /all 3 are in use.*HOTLINE_RTP_PORTS/.test(e.message),
    );
    assert.equal(media.stats.portsInUse, 3);
    assert.equal(media.admission(), 'ports-exhausted', 'the SIP stack can refuse before asking');
    await media.request({ type: 'endpoint.destroy', endpointId: 'p1' });
    assert.equal(media.admission(), undefined);
    await media.request({ type: 'endpoint.create', endpointId: 'p3', callId: 'c3', legId: 'l' });
  });

  it('reports the endpoints of a crashed worker as failed, restarts it and serves new calls', async () => {
    const threads: Worker[] = [];
    const media = await engine({
      spawn: (settings) => {
        const worker = spawnMediaWorker(settings);
        threads.push(worker);
        return worker;
      },
    });
    const events: MediaEvent[] = [];
    media.on('endpoint.failed', (e) => events.push(e));
    await media.request({
      type: 'endpoint.create',
      endpointId: 'k1',
      callId: 'doomed',
      legId: 'customer',
    });
    await media.request({
      type: 'endpoint.create',
      endpointId: 'k2',
      callId: 'doomed',
      legId: 'agent',
    });
    await media.request({
      type: 'endpoint.create',
      endpointId: 'k3',
      callId: 'fine',
      legId: 'customer',
    });
    const victim = media.stats.workers.findIndex((w) => w.endpoints === 2);
    const portsBefore = media.stats.portsInUse;
    await threads[victim]!.terminate();
    await sleep(50);
    const failed = events as EndpointFailedEvent[];
    assert.deepEqual(failed.map((e) => [e.endpointId, e.callId, e.legId]).sort(), [
      ['k1', 'doomed', 'customer'],
      ['k2', 'doomed', 'agent'],
    ]);
    assert.match(failed[0]!.reason, new RegExp(`media worker ${victim} exited`));
    assert.equal(media.stats.portsInUse, portsBefore - 2, 'their ports are free again');
    await assert.rejects(media.request({ type: 'play.stop', endpointId: 'k1' }), (e: unknown) =>
      isMediaError(e, 'unknown-endpoint'),
    );
    // The other worker's call is untouched; the dead one comes back.
    await media.request({ type: 'play.stop', endpointId: 'k3' });
    for (let i = 0; i < 100 && !media.stats.workers[victim]!.ready; i++) await sleep(20);
    assert.equal(media.stats.workers[victim]!.ready, true);
    assert.equal(media.stats.workers[victim]!.restarts, 1);
    for (let i = 0; i < 4; i++)
      await media.request({
        type: 'endpoint.create',
        endpointId: `n${i}`,
        callId: `new${i}`,
        legId: 'l',
      });
    assert.ok(media.stats.workers[victim]!.endpoints >= 1, 'the restarted worker takes calls');
  });

  it('refuses new calls when every worker is over the load limit', async () => {
    const media = await engine({ maxWorkerLoad: 0 });
    assert.equal(media.admission(), 'overloaded');
    await assert.rejects(
      media.request({ type: 'endpoint.create', endpointId: 'o', callId: 'c', legId: 'l' }),
      (e: unknown) => isMediaError(e, 'overloaded') && /over 0% busy/.test(e.message),
    );
  });

  it('gives up starting with a clear error when a worker cannot start', async () => {
    await assert.rejects(
      MediaEngine.start({
        ports: ports(2),
        advertisedAddress: '127.0.0.1',
        workers: 1,
        startTimeoutMs: 500,
        spawn: (settings) =>
          new WorkerThread('throw new Error("broken build")', { eval: true, workerData: settings }),
      }),
      (e: unknown) =>
        isMediaError(e, 'worker-failed') && /did not start within 0.5 s/.test(e.message),
    );
  });

  it('rejects a request in flight when its worker dies', async () => {
    const threads: Worker[] = [];
    const media = await engine({
      workers: 1,
      spawn: (settings) => {
        const worker = spawnMediaWorker(settings);
        threads.push(worker);
        return worker;
      },
    });
    await media.request({ type: 'endpoint.create', endpointId: 'f1', callId: 'c', legId: 'l' });
    const pending = media.request({
      type: 'play',
      endpointId: 'f1',
      playId: 'p',
      files: ['/nonexistent/slow.wav'],
    });
    void threads[0]!.terminate();
    await assert.rejects(
      pending,
      (e: unknown) => isMediaError(e, 'worker-failed') || isMediaError(e, 'file-unreadable'),
    );
  });
});
