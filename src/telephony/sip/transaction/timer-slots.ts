// Named one-shot timers on the injected Scheduler, so a transaction can restart or cancel each by name.
import type { Scheduler, TimerHandle } from '../../../platform/index.ts';

export class TimerSlots<N extends string> {
  readonly #scheduler: Scheduler;
  readonly #running = new Map<N, TimerHandle>();

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  /** Starts (or restarts) timer `name`; it runs `fire` once after `delayMs`. */
  start(name: N, delayMs: number, fire: () => void): void {
    this.cancel(name);
    const handle = this.#scheduler.after(delayMs, () => {
      if (this.#running.get(name) !== handle) return;
      this.#running.delete(name);
      fire();
    });
    this.#running.set(name, handle);
  }

  cancel(name: N): void {
    this.#running.get(name)?.cancel();
    this.#running.delete(name);
  }

  cancelAll(): void {
    for (const handle of this.#running.values()) handle.cancel();
    this.#running.clear();
  }

  isRunning(name: N): boolean {
    return this.#running.has(name);
  }

  /** The names of the running timers, for tests and diagnostics. */
  get running(): N[] {
    return [...this.#running.keys()];
  }
}
