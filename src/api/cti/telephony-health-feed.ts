// Telephony health for the wallboard, pushed only when it changed: the figures are read every few
// seconds (media load has no event of its own) and soon after anything that moves them (a phone
// registers, a trunk goes down, a call starts or ends); a read equal to the last one is dropped.
import {
  TypedEmitter,
  type Logger,
  type Scheduler,
  type TimerHandle,
} from '../../platform/index.ts';
import type { TelephonyHealth } from './telephony-health.ts';

export interface TelephonyHealthFeedOptions {
  /** Reads the figures now (the composition root gathers them from SIP, trunks, calls, media). */
  gather: () => TelephonyHealth;
  scheduler: Scheduler;
  logger: Logger;
  /** How often the figures are read without a poke. Default 5 s. */
  intervalMs?: number;
  /** How long after a poke they are read: a burst of pokes makes one read. Default 500 ms. */
  pokeDelayMs?: number;
  /** Subscribes to what moves the figures (from start() to stop()); returns the unsubscribe. */
  watch?: (poke: () => void) => () => void;
}

const DEFAULT_INTERVAL_MS = 5_000;
const DEFAULT_POKE_DELAY_MS = 500;

export class TelephonyHealthFeed {
  readonly #options: TelephonyHealthFeedOptions;
  readonly #changes: TypedEmitter<{ change: TelephonyHealth }>;
  #lastKey: string | undefined;
  #timer: TimerHandle | undefined;
  #poked: TimerHandle | undefined;
  #unwatch: (() => void) | undefined;
  #stopped = false;

  constructor(options: TelephonyHealthFeedOptions) {
    this.#options = options;
    this.#changes = new TypedEmitter((error) =>
      options.logger.error({ err: error }, 'a telephony health listener failed'),
    );
  }

  /** Reads every interval, and soon after each poke, until stop(). */
  start(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = this.#options.scheduler.every(
      this.#options.intervalMs ?? DEFAULT_INTERVAL_MS,
      () => this.#read(),
    );
    this.#unwatch = this.#options.watch?.(() => this.poke());
  }

  /** Stops reading; listeners hear nothing more. Idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#timer?.cancel();
    this.#poked?.cancel();
    this.#timer = undefined;
    this.#poked = undefined;
  }

  /** The figures now. When they changed since the last read, listeners hear them first. */
  current(): TelephonyHealth {
    const health = this.#options.gather();
    this.#compare(health);
    return health;
  }

  /** Something that moves the figures happened: read them soon. */
  poke(): void {
    if (this.#poked || this.#stopped) return;
    this.#poked = this.#options.scheduler.after(
      this.#options.pokeDelayMs ?? DEFAULT_POKE_DELAY_MS,
      () => {
        this.#poked = undefined;
        this.#read();
      },
    );
  }

  /** Hears every changed reading, in order. */
  listen(listener: (health: TelephonyHealth) => void): () => void {
    return this.#changes.on('change', listener);
  }

  #read(): void {
    if (this.#stopped) return;
    try {
      this.current();
    } catch (error) {
      this.#options.logger.error({ err: error }, 'reading telephony health failed');
    }
  }

  #compare(health: TelephonyHealth): void {
    // Everything but the reading's own time: equal figures read later are no change.
    const key = JSON.stringify({ ...health, time: 0 });
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    if (!this.#stopped) this.#changes.emit('change', health);
  }
}
