// Worker thread entry: runs a MediaWorkerCore and speaks the engine's message protocol over parentPort.
import { parentPort, workerData } from 'node:worker_threads';
import { MediaWorkerCore } from './media-worker-core.ts';
import { threadCpuMs } from './thread-cpu.ts';
import type { CommandMessage, FromWorker, ToWorker, WorkerSettings } from './worker-messages.ts';

const port = parentPort;
if (port === null)
  throw new Error('media-worker must run in a worker thread (MediaEngine starts it).');

// Replies and events of one turn of the loop leave as one message (see ToWorker 'commands').
let outbox: FromWorker[] = [];
function flush(): void {
  const messages = outbox;
  outbox = [];
  port!.postMessage(messages.length === 1 ? messages[0] : { kind: 'batch', messages });
}

function post(message: FromWorker): void {
  outbox.push(message);
  if (outbox.length === 1) setImmediate(flush);
}

function handle(message: CommandMessage): void {
  void core
    .handle(message.command, message.rtpPort)
    .then((reply) => post({ kind: 'reply', reply }));
}

const core = new MediaWorkerCore({
  settings: workerData as WorkerSettings,
  emit: (event) => post({ kind: 'event', event }),
});

port.on('message', (message: ToWorker) => {
  if (message.kind === 'shutdown') {
    void core.close().then(() => post({ kind: 'closed' }));
    return;
  }
  if (message.kind === 'commands') for (const one of message.commands) handle(one);
  else handle(message);
});

// Every second: how busy the worker is. The engine places calls by it, and its absence tells the
// engine's watchdog that the worker hangs.
let previous = performance.eventLoopUtilization();
let previousCpu = { at: performance.now(), ms: threadCpuMs() };
setInterval(() => {
  const current = performance.eventLoopUtilization();
  const delta = performance.eventLoopUtilization(current, previous);
  previous = current;
  const cpuNow = { at: performance.now(), ms: threadCpuMs() };
  const cpu =
    cpuNow.ms !== undefined && previousCpu.ms !== undefined && cpuNow.at > previousCpu.at
      ? Math.min(1, (cpuNow.ms - previousCpu.ms) / (cpuNow.at - previousCpu.at))
      : undefined;
  previousCpu = cpuNow;
  const ticker = core.tickerFigures;
  post({
    kind: 'load',
    load: {
      endpoints: core.endpointCount,
      recordings: core.recordingCount,
      utilization: delta.utilization,
      ...(cpu !== undefined ? { cpu } : {}),
      lateTicks: ticker.lateTicks,
      maxTickLatenessMs: ticker.maxLatenessMs,
    },
  });
}, 1000).unref();

post({ kind: 'ready' });
