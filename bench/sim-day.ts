// Benchmark: simulate one day of a 500-agent center through the real ACD — a two-peak daily
// arrival profile per 30 minutes, staffing per interval from Erlang C (80 % in 20 s, at most 500
// agents), lognormal talk time plus wrap-up (AHT 180 s), ring delays, impatient callers,
// announcements — and time it. Target (issue 6): under 30 s.
// Usage: npm run bench:sim [-- --seed 1 --agents 500]
import { requiredAgents, simulate, staffingPlan } from '../src/sim/index.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const SEED = Number(args.get('seed') ?? 1);
const MAX_AGENTS = Number(args.get('agents') ?? 500);
const AHT = 180;
const WRAP_UP = 10;
const target = { serviceLevel: 0.8, seconds: 20 };

// The day's shape (relative calls per half hour, local time): quiet night, a morning peak around
// 10:30, a lunch dip, an afternoon peak around 15:00, a long evening tail.
const bump = (h: number, at: number, width: number) => Math.exp(-(((h - at) / width) ** 2) / 2);
const shape = Array.from({ length: 48 }, (_, i) => {
  const h = i / 2 + 0.25;
  return 0.03 + bump(h, 10.5, 1.6) + 0.85 * bump(h, 15, 1.9) + 0.25 * bump(h, 20, 1.5);
});
const peakShape = Math.max(...shape);
// The peak rate that MAX_AGENTS agents can serve at the target (Erlang C), found by bisection.
let low = 0;
let high = (MAX_AGENTS * 3600) / AHT;
while (high - low > 1) {
  const mid = (low + high) / 2;
  if (requiredAgents({ callsPerHour: mid, ahtSeconds: AHT }, target) <= MAX_AGENTS) low = mid;
  else high = mid;
}
const callsPerHour = shape.map((s) => Math.round((low * s) / peakShape));
const agents = staffingPlan(
  callsPerHour.map((c) => ({ callsPerHour: c, ahtSeconds: AHT })),
  target,
).map((n) => Math.max(2, n));

console.log(
  `one day, ${MAX_AGENTS} agents at the peak: ${callsPerHour.reduce((s, c) => s + c / 2, 0).toFixed(0)} calls expected, peak ${Math.max(...callsPerHour)} calls/hour, staffing ${Math.min(...agents)}–${Math.max(...agents)} agents per 30 min (Erlang C, 80/20)`,
);
const result = simulate({
  seed: SEED,
  // 00:00 in the center's default time zone (Asia/Shanghai, UTC+8).
  startAt: Date.UTC(2026, 0, 4, 16, 0, 0),
  hours: 24,
  intervalMinutes: 30,
  callsPerHour,
  agents,
  handleTime: { kind: 'lognormal', meanSeconds: AHT - WRAP_UP, cv: 0.8 },
  wrapUpSeconds: WRAP_UP,
  ring: { kind: 'uniform', minSeconds: 1, maxSeconds: 4 },
  patience: { kind: 'exponential', meanSeconds: 180 },
  announcements: true,
});
const f = result.figures;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(
  `service level: ${pct(f.serviceLevel)} (answered within 20 s / (answered + abandoned − abandoned within 5 s))`,
);
console.log(`ASA: ${f.asaSeconds.toFixed(1)} s`);
console.log(`abandon rate: ${pct(f.abandonRate)}`);
console.log(`occupancy: ${pct(f.occupancy)}`);
console.log(`AHT: ${f.ahtSeconds.toFixed(1)} s`);
console.log(
  `calls: ${result.arrivals} arrived, ${result.totals.answered} answered, ${result.totals.abandoned} abandoned; ${result.events} ACD events; ${result.totals.routingDecisions} routing decisions`,
);
console.log('interval (local)  calls/h  agents  offered  SL      ASA     abandon  occupancy');
for (const [i, iv] of result.intervals.entries()) {
  if (i % 4 !== 0) continue;
  const hh = String(Math.floor(i / 2)).padStart(2, '0');
  const x = iv.figures;
  console.log(
    `${hh}:${i % 2 ? '30' : '00'}             ${String(callsPerHour[i]).padStart(6)}  ${String(iv.agents).padStart(6)}  ${String(iv.parts.offered).padStart(7)}  ${pct(x.serviceLevel).padStart(6)}  ${x.asaSeconds.toFixed(1).padStart(5)} s  ${pct(x.abandonRate).padStart(7)}  ${pct(x.occupancy).padStart(9)}`,
  );
}
console.log(
  `wall time: ${(result.wallMs / 1000).toFixed(2)} s for 24 simulated hours (target < 30 s); ${Math.round(result.events / (result.wallMs / 1000))} ACD events/s`,
);
