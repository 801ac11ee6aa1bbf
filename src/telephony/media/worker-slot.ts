// One media worker seen from the engine: its thread, requests awaiting replies, load, and restart after a crash.
import type { Worker } from 'node:worker_threads';
import { MediaError } from './media-error.ts';
import type { MediaCommand } from './media-commands.ts';
import type { MediaEvent, MediaReply } from './media-events.ts';
import type {
  CommandMessage,
  FromWorker,
  ToWorker,
  WorkerLoad,
  WorkerSettings,
} from './worker-messages.ts';

export type WorkerFactory = (settings: WorkerSettings) => Worker;

interface Pending {
  readonly resolve: (reply: MediaReply) => void;
  readonly reject: (error: Error) => void;
}

export interface SlotListener {
  event(slot: WorkerSlot, event: MediaEvent): void;
  /** The thread died (crash, or killed by the watchdog); the slot restarts it by itself. */
  crashed(slot: WorkerSlot, reason: string): void;
}

// Restart at once after a first crash; back off when crashes repeat (a poisoned command or a
// broken build would otherwise spin the CPU).
const CRASH_WINDOW_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

export class WorkerSlot {
  readonly index: number;
  load: WorkerLoad | undefined;
  restarts = 0;
  /** Endpoints the engine placed here (for placement and crash reports). */
  readonly endpoints = new Set<string>();
  readonly #factory: WorkerFactory;
  readonly #settings: WorkerSettings;
  readonly #listener: SlotListener;
  readonly #pending = new Map<string, Pending>();
  #outbox: CommandMessage[] = [];
  #worker: Worker | undefined;
  #ready = false;
  #readyWaiters: Array<() => void> = [];
  #crashTimes: number[] = [];
  #lastHeardMs = Date.now();
  #closing = false;
  #closed: (() => void) | undefined;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    index: number,
    factory: WorkerFactory,
    settings: WorkerSettings,
    listener: SlotListener,
  ) {
    this.index = index;
    this.#factory = factory;
    this.#settings = settings;
    this.#listener = listener;
    this.#spawn();
  }

  get ready(): boolean {
    return this.#ready;
  }

  get lastHeardMs(): number {
    return this.#lastHeardMs;
  }

  /** Resolves once the thread said it is ready (at once when it is). */
  whenReady(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  #spawn(): void {
    const worker = this.#factory(this.#settings);
    this.#worker = worker;
    this.#ready = false;
    this.#lastHeardMs = Date.now();
    let failure = 'exited unexpectedly';
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error) => {
      failure = `crashed: ${error instanceof Error ? error.message : String(error)}`;
    });
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#ready = false;
      if (this.#closing) {
        this.#closed?.();
        return;
      }
      this.#crashed(failure === 'exited unexpectedly' ? `exited with code ${code}` : failure);
    });
  }

  #onMessage(message: FromWorker): void {
    this.#lastHeardMs = Date.now();
    switch (message.kind) {
      case 'batch':
        for (const one of message.messages) this.#onMessage(one);
        break;
      case 'ready':
        this.#ready = true;
        for (const waiter of this.#readyWaiters.splice(0)) waiter();
        break;
      case 'reply': {
        const pending = this.#pending.get(message.reply.requestId);
        if (pending === undefined) break;
        this.#pending.delete(message.reply.requestId);
        pending.resolve(message.reply);
        break;
      }
      case 'event':
        this.#listener.event(this, message.event);
        break;
      case 'load':
        this.load = message.load;
        break;
      case 'closed':
        void this.#worker?.terminate();
        break;
    }
  }

  #crashed(reason: string): void {
    const now = Date.now();
    this.#crashTimes = this.#crashTimes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.#crashTimes.push(now);
    this.restarts++;
    this.load = undefined;
    const error = new MediaError(
      'worker-failed',
      `Media worker ${this.index} ${reason}; the request was lost.`,
    );
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#outbox = [];
    this.#listener.crashed(this, reason);
    const repeated = this.#crashTimes.length - 1;
    const delay = repeated === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 250 * 2 ** (repeated - 1));
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (!this.#closing) this.#spawn();
    }, delay);
  }

  /** Sends a command; resolves with the worker's reply, rejects if the worker dies first. */
  send(command: MediaCommand, rtpPort?: number): Promise<MediaReply> {
    const worker = this.#worker;
    if (worker === undefined || !this.#ready) {
      return Promise.reject(
        new MediaError('worker-failed', `Media worker ${this.index} is restarting; try again.`),
      );
    }
    return new Promise((resolve, reject) => {
      this.#pending.set(command.requestId, { resolve, reject });
      this.#outbox.push(
        rtpPort === undefined
          ? { kind: 'command', command }
          : { kind: 'command', command, rtpPort },
      );
      // Everything asked for in this turn of the loop leaves as one message.
      if (this.#outbox.length === 1) setImmediate(this.#flush);
    });
  }

  readonly #flush = (): void => {
    const commands = this.#outbox;
    if (commands.length === 0) return;
    this.#outbox = [];
    const worker = this.#worker;
    if (worker === undefined) return; // the crash path rejects what is pending
    worker.postMessage(
      commands.length === 1 ? commands[0]! : ({ kind: 'commands', commands } satisfies ToWorker),
    );
  };

  /** Kills a thread that stopped answering; its exit then runs the crash path. */
  kill(): void {
    void this.#worker?.terminate();
  }

  /** Asks the worker to close files and sockets, then ends the thread (forced after `graceMs`). */
  async close(graceMs = 5000): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearTimeout(this.#restartTimer);
    const worker = this.#worker;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => (this.#closed = resolve));
    this.#flush();
    worker.postMessage({ kind: 'shutdown' } satisfies ToWorker);
    const force = setTimeout(() => void worker.terminate(), graceMs);
    await exited;
    clearTimeout(force);
    const error = new MediaError('closed', 'The media engine closed before the worker answered.');
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
