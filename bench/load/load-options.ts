// The load benchmark's options: `npm run bench:load -- --agents=20 --rate=5 --seconds=30`.

export interface LoadOptions {
  /** Calls open at once at most (sipp -l): new calls wait while this many are up. */
  callers: number;
  /** New calls per second. */
  rate: number;
  /** Agents logged in ready, each on a registered sipp phone. */
  agents: number;
  /** How long calls keep arriving; then the bench waits for the last ones to end. */
  seconds: number;
  /** Seconds a caller stays once the queue's prompt has played (queue wait and talk): min–max. */
  stay: { min: number; max: number };
  /** After-call work of every queue, s (the demo's 15–60 s would starve 100 agents at 20 calls/s). */
  wrapUp: number;
  /** Agents per sipp phone process. */
  agentsPerPhone: number;
  /** Keep the run's folder (logs, sipp error files, the database) instead of removing it. */
  keep: boolean;
}

export const loadUsage = `npm run bench:load -- [--callers=400] [--rate=20] [--agents=100] [--seconds=180]
  [--stay=3|2-4] [--wrap-up=1] [--agents-per-phone=25] [--keep]
Environment: BENCH_BUILD=dist measures the compiled code (npm run build first).`;

export function parseLoadOptions(argv: readonly string[]): LoadOptions {
  const values = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"\n${loadUsage}`);
    values.set(m[1]!, m[2] ?? 'true');
  }
  const known = [
    'callers',
    'rate',
    'agents',
    'seconds',
    'stay',
    'wrap-up',
    'agents-per-phone',
    'keep',
  ];
  for (const name of values.keys())
    if (!known.includes(name)) throw new Error(`unknown option --${name}\n${loadUsage}`);
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values.get(name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min || value > max)
      throw new Error(`--${name}: expected a number from ${min} to ${max}, got "${raw}"`);
    return value;
  };
  const stayText = values.get('stay') ?? '3';
  const stayMatch = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(stayText);
  if (!stayMatch) throw new Error(`--stay: expected seconds or min-max, got "${stayText}"`);
  const stay = { min: Number(stayMatch[1]), max: Number(stayMatch[2] ?? stayMatch[1]) };
  if (stay.max < stay.min || stay.min < 1)
    throw new Error(`--stay: expected 1 s or more, min before max, got "${stayText}"`);
  const agents = number('agents', 100, 1, 900);
  return {
    callers: number('callers', 400, 1, 5000),
    rate: number('rate', 20, 0.1, 200),
    agents,
    seconds: number('seconds', 180, 1, 3600),
    stay,
    wrapUp: number('wrap-up', 1, 0, 3600),
    agentsPerPhone: number('agents-per-phone', 25, 1, 900),
    keep: values.has('keep'),
  };
}
