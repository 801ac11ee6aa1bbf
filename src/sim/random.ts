// Seeded randomness for the simulator: xoshiro128** (Blackman & Vigna, "Scrambled linear
// pseudorandom number generators", 2021) seeded through splitmix32, and the distributions the
// simulator draws handle times, patience and ring delays from.
import { HotlineError } from '../platform/index.ts';

/** Uniform on [0, 1) with 53 random bits, from a seed: the same seed gives the same run. */
export function xoshiro128(seed: number): () => number {
  // splitmix32 spreads one 32-bit seed over the 128-bit state (never all zero).
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  // Two outputs make a double with a full 53-bit mantissa (27 + 26 bits).
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A duration distribution in seconds, as the simulator's configuration names it. */
export type Distribution =
  | { kind: 'fixed'; seconds: number }
  | { kind: 'exponential'; meanSeconds: number }
  /** Lognormal with this mean and coefficient of variation (standard deviation / mean). */
  | { kind: 'lognormal'; meanSeconds: number; cv: number }
  | { kind: 'uniform'; minSeconds: number; maxSeconds: number };

export function meanSeconds(d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.seconds;
    case 'exponential':
    case 'lognormal':
      return d.meanSeconds;
    case 'uniform':
      return (d.minSeconds + d.maxSeconds) / 2;
  }
}

/** A sampler of the distribution in milliseconds; bad parameters are errors naming `field`. */
export function sampler(d: Distribution, random: () => number, field: string): () => number {
  const positive = (value: number, name: string) => {
    if (!Number.isFinite(value) || value < 0)
      throw new HotlineError('invalid-input', `${field}.${name}: must be a number ≥ 0`, {
        field: `${field}.${name}`,
      });
  };
  switch (d.kind) {
    case 'fixed': {
      positive(d.seconds, 'seconds');
      const ms = d.seconds * 1000;
      return () => ms;
    }
    case 'exponential': {
      positive(d.meanSeconds, 'meanSeconds');
      const ms = d.meanSeconds * 1000;
      // Inversion: −ln(U) for U in (0, 1]; 1 − random() is never 0.
      return () => -Math.log(1 - random()) * ms;
    }
    case 'lognormal': {
      positive(d.meanSeconds, 'meanSeconds');
      positive(d.cv, 'cv');
      // ln X ~ N(m, s²) with E[X] = exp(m + s²/2) and CV² = exp(s²) − 1.
      const s2 = Math.log(1 + d.cv * d.cv);
      const m = Math.log(d.meanSeconds * 1000) - s2 / 2;
      const s = Math.sqrt(s2);
      return () => Math.exp(m + s * normal(random));
    }
    case 'uniform': {
      positive(d.minSeconds, 'minSeconds');
      positive(d.maxSeconds, 'maxSeconds');
      if (d.maxSeconds < d.minSeconds)
        throw new HotlineError('invalid-input', `${field}.maxSeconds: must be ≥ minSeconds`, {
          field: `${field}.maxSeconds`,
        });
      const min = d.minSeconds * 1000;
      const span = d.maxSeconds * 1000 - min;
      return () => min + random() * span;
    }
  }
}

/** A standard normal draw (Box–Muller; one of the pair is used, for simplicity). */
function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
