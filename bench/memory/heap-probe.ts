// Forces garbage collection and reads heap figures in this process's main thread and in its worker
// threads (the media workers), through the in-process inspector's NodeWorker domain: no change to
// the workers' code or message protocol is needed to measure them.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { writeHeapSnapshot } from 'node:v8';

export interface ThreadHeap {
  readonly title: string;
  /** V8 heap in use after a forced full GC (Runtime.getHeapUsage usedSize). */
  readonly usedBytes: number;
  /** V8 heap reserved (pages kept by V8, used or free). */
  readonly totalBytes: number;
}

export interface MemoryFigures {
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly rss: number;
  /** The process's peak RSS so far (VmHWM; 0 where /proc is not there). */
  readonly peakRss: number;
  readonly workers: readonly ThreadHeap[];
}

interface WorkerSession {
  readonly sessionId: string;
  readonly title: string;
}

function peakRssBytes(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kib === undefined ? 0 : Number(kib) * 1024;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HeapProbe {
  readonly #session = new Session();
  readonly #workers = new Map<string, WorkerSession>();
  readonly #pending = new Map<number, (message: Record<string, unknown>) => void>();
  #nextId = 0;

  private constructor() {
    this.#session.connect();
    this.#session.on('NodeWorker.attachedToWorker', (m) => {
      const { sessionId, workerInfo } = m.params as {
        sessionId: string;
        workerInfo: { title: string; url: string };
      };
      // Module-customization hooks (tsx) run in a loader thread of their own: not ours to measure.
      if (workerInfo.url === 'node:internal/modules/esm/worker') return;
      this.#workers.set(sessionId, { sessionId, title: workerInfo.title });
    });
    this.#session.on('NodeWorker.detachedFromWorker', (m) => {
      this.#workers.delete(m.params.sessionId);
    });
    this.#session.on('NodeWorker.receivedMessageFromWorker', (m) => {
      const { message } = m.params as { message: string };
      const parsed = JSON.parse(message) as Record<string, unknown>;
      const id = parsed.id as number | undefined;
      if (id !== undefined) {
        this.#pending.get(id)?.(parsed);
        this.#pending.delete(id);
      }
    });
  }

  /** Attaches to every worker thread running now and to those started later. */
  static async open(): Promise<HeapProbe> {
    const probe = new HeapProbe();
    await probe.#post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    await sleep(100);
    return probe;
  }

  close(): void {
    this.#session.disconnect();
  }

  #post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.#session.post(method, params, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  }

  #send(worker: WorkerSession, method: string, params: object = {}): Promise<unknown> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${worker.title}: no answer to ${method} within 120 s`));
      }, 120_000);
      this.#pending.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result);
      });
      void this.#post('NodeWorker.sendMessageToWorker', {
        sessionId: worker.sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  }

  /**
   * Full GCs in the main thread (needs --expose-gc) and in every worker, a few times with turns of
   * the event loop between, so that weak callbacks and finalizers run and what they free goes too.
   */
  async collectAll(times = 3): Promise<void> {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('run node with --expose-gc (npm run bench:memory does)');
    for (let i = 0; i < times; i++) {
      gc();
      await Promise.all(
        [...this.#workers.values()].map((w) => this.#send(w, 'HeapProfiler.collectGarbage')),
      );
      await sleep(200);
    }
  }

  async figures(): Promise<MemoryFigures> {
    const usage = process.memoryUsage();
    const workers = await Promise.all(
      [...this.#workers.values()].map(async (w) => {
        const heap = (await this.#send(w, 'Runtime.getHeapUsage')) as {
          usedSize: number;
          totalSize: number;
        };
        return { title: w.title, usedBytes: heap.usedSize, totalBytes: heap.totalSize };
      }),
    );
    return {
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      rss: usage.rss,
      peakRss: peakRssBytes(),
      workers: workers.sort((a, b) => a.title.localeCompare(b.title)),
    };
  }

  /** The main thread's heap snapshot (v8.writeHeapSnapshot, which collects garbage first). */
  writeMainSnapshot(file: string): string {
    return writeHeapSnapshot(file);
  }
}
