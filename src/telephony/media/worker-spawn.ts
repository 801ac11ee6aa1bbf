// Starts a media worker thread from the TypeScript sources (tests, tsx) or the compiled dist/ alike.
import { Worker } from 'node:worker_threads';
import type { WorkerSettings } from './worker-messages.ts';

/**
 * Built code loads media-worker.js beside this file. From sources (this file is .ts) Node 20 does
 * not apply `--import tsx` to a worker's entry module (ERR_UNKNOWN_FILE_EXTENSION, verified with
 * tsx 4.23 on Node 20.20), so a tiny eval'd bootstrap registers tsx's ESM hooks inside the worker
 * first and then imports the .ts entry. tsx is resolved here, from this module, so the working
 * directory does not matter.
 */
export function spawnMediaWorker(settings: WorkerSettings): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./media-worker.js', here), { workerData: settings });
  const entry = new URL('./media-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: settings });
}
