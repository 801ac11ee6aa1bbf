// Benchmark: the CTI live state and its WebSocket fan-out, on SQLite. (1) How fast the live
// state folds the log when it starts (events/s). (2) Clients on /api/v1/cti/ws (half agents,
// half supervisors) while calls are logged one transaction each: frames delivered per second
// over all clients, and the delay from a call's write to a supervisor's receipt (p50, p99).
// Usage: npm run bench:cti [-- <calls> <clients>]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { loadConfig, silentLogger, systemClock } from '../src/platform/index.ts';
import { Hotline } from '../src/app/index.ts';
import { CtiLiveState, systemActor } from '../src/api/index.ts';
import type { EventCatalogue, NewEvent } from '../src/store/index.ts';

const calls = Number(process.argv[2] ?? 1000);
const clients = Number(process.argv[3] ?? 100);
const FOLD_CALLS = 5000;

function call(n: number, at: number): NewEvent<EventCatalogue>[] {
  const callId = `b${n}`;
  const agentId = `agent${n % 50}`;
  const stream = `call:${callId}`;
  const queue = 'flights';
  return [
    {
      type: 'call.offered',
      stream,
      time: at,
      payload: {
        callId,
        legId: `${callId}-a`,
        caller: { number: '+8613800138000' },
        dialed: '4008001000',
        source: 'trunk',
      },
    },
    { type: 'call.queued', stream, time: at, payload: { callId, queue, priority: 1, skills: [] } },
    {
      type: 'queue.joined',
      stream: `queue:${queue}`,
      time: at,
      payload: { callId, queue, priority: 1, skills: [], position: 1, ewtSeconds: null },
    },
    {
      type: 'call.connected',
      stream,
      time: at,
      payload: { callId, legId: `${callId}-b`, target: '1001', agentId },
    },
    {
      type: 'queue.answered',
      stream: `queue:${queue}`,
      time: at,
      payload: { callId, queue, agentId, waitMs: 3000 },
    },
    {
      type: 'call.ended',
      stream,
      time: at,
      payload: { callId, from: 'connected', cause: 'normal', by: 'customer' },
    },
  ];
}

const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-cti-'));
const { config } = loadConfig({
  env: { HOTLINE_DATA_DIR: dir, HOTLINE_DEMO: 'false', HOTLINE_SCRYPT_COST: '1024' },
  cwd: dir,
});
const hotline = await Hotline.create({ config, logger: silentLogger() });
try {
  await hotline.bootstrap();
  const { events } = hotline.services;

  // (1) Folding the log at start.
  const now = systemClock.now();
  for (let n = 0; n < FOLD_CALLS; n += 100)
    await events.write((w) =>
      w.appendAll(Array.from({ length: 100 }, (_, i) => call(n + i, now)).flat()),
    );
  const start = process.hrtime.bigint();
  const fresh = new CtiLiveState({
    events,
    clock: systemClock,
    logger: silentLogger(),
    timeZone: config.timezone,
  });
  await fresh.start();
  const foldMs = Number(process.hrtime.bigint() - start) / 1e6;
  await fresh.stop();
  const folded = FOLD_CALLS * 6;
  console.log(
    `fold at start: ${folded} events in ${foldMs.toFixed(0)} ms = ${Math.round((folded / foldMs) * 1000)} events/s`,
  );

  // (2) Fan-out to WebSocket clients.
  const password = 'bench-password-42';
  const cookies: string[] = [];
  for (let i = 0; i < clients; i++) {
    const role = i % 2 === 0 ? 'supervisor' : 'agent';
    const username = `${role === 'agent' ? 'agent' : 'sup'}${i}`;
    await hotline.services.users.create(systemActor('bench'), { username, role, password });
    const res = await hotline.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    cookies.push(`hotline_session=${res.cookies.find((c) => c.name === 'hotline_session')!.value}`);
  }
  const address = await hotline.http.listen({ host: '127.0.0.1', port: 0 });
  const url = address.replace('http', 'ws') + '/api/v1/cti/ws';
  const received = new Array<number>(clients).fill(0);
  const writtenAt = new Map<number, number>();
  const delays: number[] = [];
  let lastSeq = Number.POSITIVE_INFINITY;
  let supervisorsDone = 0;
  let allDone: () => void = () => undefined;
  const sockets = await Promise.all(
    cookies.map(
      (cookie, i) =>
        new Promise<WebSocket>((resolve) => {
          const ws = new WebSocket(url, { headers: { cookie } });
          ws.on('message', (data: Buffer) => {
            const message = JSON.parse(data.toString()) as { type: string; seq?: number };
            if (message.type === 'snapshot') resolve(ws);
            if (message.type !== 'events') return;
            received[i]!++;
            if (i === 0) {
              const at = writtenAt.get(message.seq!);
              if (at !== undefined) delays.push(performance.now() - at);
            }
            if (i % 2 === 0 && message.seq === lastSeq && ++supervisorsDone === clients / 2)
              allDone();
          });
        }),
    ),
  );
  /** Writes calls (one transaction each), every `gapMs` or as fast as possible; waits for delivery. */
  const run = async (first: number, count: number, gapMs: number) => {
    supervisorsDone = 0;
    lastSeq = Number.POSITIVE_INFINITY;
    received.fill(0);
    delays.length = 0;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    const begin = process.hrtime.bigint();
    for (let n = 0; n < count; n++) {
      const t = performance.now();
      const stored = await events.write((w) => w.appendAll(call(first + n, systemClock.now())));
      for (const e of stored) writtenAt.set(e.id, t);
      if (n === count - 1) lastSeq = stored.at(-1)!.id;
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    await done;
    return Number(process.hrtime.bigint() - begin) / 1e6;
  };
  const pct = (p: number) => {
    const sorted = [...delays].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1);
  };

  const burstMs = await run(FOLD_CALLS, calls, 0);
  const frames = received.reduce((a, b) => a + b, 0);
  console.log(
    `fan-out burst: ${calls} calls (${calls * 6} events) as fast as they commit, ${clients} clients: ` +
      `${frames} frames in ${burstMs.toFixed(0)} ms = ${Math.round((frames / burstMs) * 1000)} frames/s`,
  );
  const paced = 200;
  await run(FOLD_CALLS + calls, paced, 50);
  console.log(
    `fan-out paced: ${paced} calls at 20 calls/s (120 events/s), ${clients} clients: ` +
      `write → supervisor p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
  );
  for (const ws of sockets) ws.close();
} finally {
  await hotline.stop();
  rmSync(dir, { recursive: true, force: true });
}
