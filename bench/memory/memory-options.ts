// Options of bench:memory (bench/memory-per-call.ts), parsed from `--name=value` arguments.

export type Target = 'extension' | 'hotline' | 'both' | 'queue';

export interface MemoryOptions {
  /** Measured rounds after the warm-up round. */
  rounds: number;
  /** Calls per round (split between the targets when `to` is both). */
  calls: number;
  /** New calls per second. */
  rate: number;
  /** How long each call stays up after the answer, ms. */
  holdMs: number;
  /** Calls of the warm-up round (JIT, prompt caches, first-use state), not counted. */
  warmup: number;
  /**
   * Where the calls go: extension 1001 (B2BUA, both legs), the demo hotline's IVR (callers hang
   * up in it), both (half each), or queue: the load bench's callers (bench/load), keys through the
   * IVR into the demo queues, answered by agents on sipp phones, after-call work 1 s.
   */
  to: Target;
  /** queue: agents logged in ready. */
  agents: number;
  /** queue: seconds a caller stays after the queue's prompt (wait and talk). */
  stayS: number;
  /** Seconds to wait after the last call ended (transaction timers: 64*T1 = 32 s). */
  settleS: number;
  /** Write heap snapshots after the first and the last measured round. */
  snapshots: boolean;
  /** Keep the run folder (logs, snapshots). */
  keep: boolean;
}

export const memoryUsage = `npm run bench:memory -- [--rounds=3] [--calls=2000] [--rate=200] [--hold-ms=1000]
  [--warmup=400] [--to=both|extension|hotline|queue] [--agents=20] [--stay=2] [--settle=35]
  [--snapshots] [--keep]
The queue calls spend about 20 s in the IVR: keep --rate low there (5/s is 100 open calls).`;

const defaults: MemoryOptions = {
  rounds: 3,
  calls: 2000,
  rate: 200,
  holdMs: 1000,
  warmup: 400,
  to: 'both',
  agents: 20,
  stayS: 2,
  settleS: 35,
  snapshots: false,
  keep: false,
};

export function parseMemoryOptions(args: readonly string[]): MemoryOptions {
  const options = { ...defaults };
  const whole = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number of at least ${min}, got "${value}"`);
    return n;
  };
  for (const arg of args) {
    const [, name, value = ''] = /^--([a-z-]+)(?:=(.*))?$/.exec(arg) ?? [];
    switch (name) {
      case 'rounds':
        options.rounds = whole(name, value, 2);
        break;
      case 'calls':
        options.calls = whole(name, value, 2);
        break;
      case 'rate':
        options.rate = whole(name, value, 1);
        break;
      case 'hold-ms':
        options.holdMs = whole(name, value, 0);
        break;
      case 'warmup':
        options.warmup = whole(name, value, 0);
        break;
      case 'settle':
        options.settleS = whole(name, value, 0);
        break;
      case 'to':
        if (value !== 'extension' && value !== 'hotline' && value !== 'both' && value !== 'queue')
          throw new Error(`--to must be extension, hotline, both or queue, got "${value}"`);
        options.to = value;
        break;
      case 'agents':
        options.agents = whole(name, value, 1);
        break;
      case 'stay':
        options.stayS = whole(name, value, 1);
        break;
      case 'snapshots':
        options.snapshots = true;
        break;
      case 'keep':
        options.keep = true;
        break;
      default:
        throw new Error(`unknown argument "${arg}"; usage: ${memoryUsage}`);
    }
  }
  return options;
}
