// `npm run sim`: one simulated run from command-line flags, its figures one per line, and the
// Erlang C (or, with --patience, Erlang A) prediction beside them.
import { pathToFileURL } from 'node:url';
import { HotlineError, isHotlineError } from '../platform/index.ts';
import { builtInStrategies } from '../callcenter/index.ts';
import { erlangC } from './erlang.ts';
import { erlangA } from './erlang-a.ts';
import type { Distribution } from './random.ts';
import type { SimConfig } from './sim-config.ts';
import { describeVariant } from './sim-stats.ts';
import { simulate } from './simulator.ts';

export const simUsage = `usage: npm run sim -- --agents 50 --calls-per-hour 1200 --aht 180 --hours 8 [options]
  --agents N            agents on shift (whole run)
  --calls-per-hour X    Poisson arrival rate
  --aht S               mean talk time, seconds (after-call work comes on top: --wrap-up)
  --hours H             simulated time
  --seed N              random seed (default 1)
  --sl-seconds T        service-level threshold (default 20)
  --patience S          mean patience, seconds (exponential); none: nobody abandons
  --wrap-up S           after-call work per call, whole seconds (default 0)
  --handle-time KIND    exponential (default), lognormal or fixed
  --handle-cv X         lognormal coefficient of variation (default 1)
  --ring S | MIN-MAX    ring delay before the agent answers: fixed, or uniform (default 0)
  --warmup-minutes M    left out of the figures (default 0)
  --strategy NAME       routing strategy (default longest-idle)`;

const flags = [
  'agents',
  'calls-per-hour',
  'aht',
  'hours',
  'seed',
  'sl-seconds',
  'patience',
  'wrap-up',
  'handle-time',
  'handle-cv',
  'ring',
  'warmup-minutes',
  'strategy',
] as const;
type Flag = (typeof flags)[number];

/** Flags → simulator settings; a bad flag is an `invalid-input` error whose field is the flag. */
export function parseSimArgs(argv: readonly string[]): SimConfig {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const arg = argv[i]!;
    const name = arg.replace(/^--/, '') as Flag;
    if (!arg.startsWith('--') || !flags.includes(name))
      throw usageError(arg, `unknown flag "${arg}"; expected one of --${flags.join(', --')}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw usageError(arg, `--${name} needs a value`);
    values.set(name, value);
  }
  const num = (flag: Flag, check: (n: number) => boolean, expect: string) => {
    const text = values.get(flag);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || !check(n))
      throw usageError(`--${flag}`, `--${flag} must be ${expect}, got "${text}"`);
    return n;
  };
  const required = <T>(flag: Flag, v: T | undefined): T => {
    if (v === undefined) throw usageError(`--${flag}`, `--${flag} is required`);
    return v;
  };
  const positive = (n: number) => n > 0;
  const agents = required(
    'agents',
    num('agents', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'),
  );
  const callsPerHour = required(
    'calls-per-hour',
    num('calls-per-hour', (n) => n >= 0, 'a number ≥ 0'),
  );
  const aht = required('aht', num('aht', positive, 'a number of seconds > 0'));
  const hours = required(
    'hours',
    num('hours', (n) => n > 0 && n <= 24 * 366, 'a number of hours > 0'),
  );
  const config: SimConfig = { agents, callsPerHour, hours };
  const seed = num('seed', Number.isInteger, 'an integer');
  if (seed !== undefined) config.seed = seed;
  const sl = num(
    'sl-seconds',
    (n) => Number.isInteger(n) && n >= 1 && n <= 3600,
    'whole seconds 1–3600',
  );
  if (sl !== undefined) config.slSeconds = sl;
  const patience = num('patience', positive, 'a number of seconds > 0');
  if (patience !== undefined) config.patience = { kind: 'exponential', meanSeconds: patience };
  const wrapUp = num(
    'wrap-up',
    (n) => Number.isInteger(n) && n >= 0 && n <= 3600,
    'whole seconds 0–3600',
  );
  if (wrapUp !== undefined) config.wrapUpSeconds = wrapUp;
  const warmup = num(
    'warmup-minutes',
    (n) => n >= 0 && n < hours * 60,
    'minutes ≥ 0 and within --hours',
  );
  if (warmup !== undefined) config.warmupMinutes = warmup;
  const cv = num('handle-cv', positive, 'a number > 0') ?? 1;
  const kind = values.get('handle-time') ?? 'exponential';
  const handle: Record<string, Distribution> = {
    exponential: { kind: 'exponential', meanSeconds: aht },
    lognormal: { kind: 'lognormal', meanSeconds: aht, cv },
    fixed: { kind: 'fixed', seconds: aht },
  };
  if (!handle[kind])
    throw usageError(
      '--handle-time',
      `--handle-time must be exponential, lognormal or fixed, got "${kind}"`,
    );
  config.handleTime = handle[kind];
  const ring = values.get('ring');
  if (ring !== undefined) config.ring = parseRing(ring);
  const strategy = values.get('strategy');
  if (strategy !== undefined && !Object.hasOwn(builtInStrategies, strategy))
    throw usageError(
      '--strategy',
      `--strategy must be one of ${Object.keys(builtInStrategies).join(', ')}, got "${strategy}"`,
    );
  if (strategy !== undefined) config.strategy = strategy;
  return config;
}

function parseRing(text: string): Distribution {
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(text);
  if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1])))
    throw usageError('--ring', `--ring must be seconds (3) or a range (1-4), got "${text}"`);
  return m[2] === undefined
    ? { kind: 'fixed', seconds: Number(m[1]) }
    : { kind: 'uniform', minSeconds: Number(m[1]), maxSeconds: Number(m[2]) };
}

/** Runs the simulation the flags describe; returns the lines to print. */
export function runSim(argv: readonly string[]): string[] {
  const config = parseSimArgs(argv);
  const result = simulate(config);
  const f = result.figures;
  const t = result.totals;
  const slSeconds = config.slSeconds ?? 20;
  const agents = config.agents as number;
  const callsPerHour = config.callsPerHour as number;
  const aht = (config.handleTime ? meanOf(config.handleTime) : 180) + (config.wrapUpSeconds ?? 0);
  const lines = [
    `service level: ${pct(f.serviceLevel)}`,
    `service level formula: ${describeVariant(f.variant, { slSeconds, shortAbandonSeconds: 5 })}`,
    `ASA: ${f.asaSeconds.toFixed(1)} s`,
    `abandon rate: ${pct(f.abandonRate)}`,
    `occupancy: ${pct(f.occupancy)}`,
    `AHT: ${f.ahtSeconds.toFixed(1)} s`,
    `calls: ${t.offered} offered, ${t.answered} answered, ${t.abandoned} abandoned, ${result.waitingAtEnd} waiting at the end`,
  ];
  const model = `AHT ${aht} s incl. wrap-up, exponential, no ring delay`;
  if (config.patience?.kind === 'exponential') {
    const a = erlangA(
      { callsPerHour, ahtSeconds: aht, patienceSeconds: config.patience.meanSeconds, agents },
      slSeconds,
    );
    lines.push(
      `Erlang A prediction (${model}): service level ${pct(a.answeredWithin / (1 - a.abandonedWithinShort))}, ASA ${a.asaSeconds.toFixed(1)} s, abandon rate ${pct(a.probabilityOfAbandon)}, occupancy ${pct(a.occupancy)}`,
    );
  } else if (callsPerHour > 0) {
    const c = erlangC({ callsPerHour, ahtSeconds: aht, agents }, slSeconds);
    lines.push(
      c.stable
        ? `Erlang C prediction (${model}): service level ${pct(c.serviceLevel)}, ASA ${c.asaSeconds.toFixed(1)} s, abandon rate 0.0%, occupancy ${pct(c.occupancy)}`
        : `Erlang C prediction: unstable (offered load ${c.offeredLoadErlangs.toFixed(1)} Erlangs ≥ ${agents} agents): the queue grows without bound`,
    );
  }
  lines.push(
    `wall time: ${(result.wallMs / 1000).toFixed(2)} s (${config.hours} h simulated, ${result.arrivals} calls, ${result.events} ACD events)`,
  );
  return lines;
}

function meanOf(d: Distribution): number {
  return d.kind === 'fixed'
    ? d.seconds
    : d.kind === 'uniform'
      ? (d.minSeconds + d.maxSeconds) / 2
      : d.meanSeconds;
}

function pct(x: number): string {
  return Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}

function usageError(field: string, message: string): HotlineError {
  return new HotlineError('invalid-input', message, { field });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.length === 0) {
    console.log(simUsage);
    process.exit(argv.length === 0 ? 1 : 0);
  }
  try {
    for (const line of runSim(argv)) console.log(line);
  } catch (error) {
    if (!isHotlineError(error)) throw error;
    console.error(`sim: ${error.message}\n${simUsage}`);
    process.exit(2);
  }
}
