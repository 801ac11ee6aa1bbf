// The lookups IVR flows may call: business functions registered in process
// (the demo center's flight status until the flights module exists) and HTTP
// webhooks configured by name (POST the parameters as JSON, read a flat JSON
// object back). The IVR enforces each node's timeout and falls back on error.
import type { IvrLookups } from '../callcenter/index.ts';
import { HotlineError } from '../platform/index.ts';

type LookupValue = string | number | boolean;
export type LookupFunction = (
  params: Record<string, string>,
  signal: AbortSignal,
) => Promise<Record<string, LookupValue>>;

export class LookupRegistry implements IvrLookups {
  readonly #functions = new Map<string, LookupFunction>();

  register(name: string, fn: LookupFunction): this {
    if (this.#functions.has(name)) throw new Error(`lookup ${name} is registered twice`);
    this.#functions.set(name, fn);
    return this;
  }

  /** Registers an HTTP webhook: the parameters go out as a JSON body, a JSON object comes back. */
  webhook(name: string, url: string): this {
    return this.register(name, async (params, signal) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(params),
        signal,
      });
      if (!response.ok) throw new Error(`lookup ${name}: ${url} answered ${response.status}`);
      return flatValues(name, await response.json());
    });
  }

  has(name: string): boolean {
    return this.#functions.has(name);
  }

  names(): string[] {
    return [...this.#functions.keys()].sort();
  }

  async call(
    name: string,
    params: Record<string, string>,
    options: { timeoutMs: number; signal: AbortSignal },
  ): Promise<Record<string, LookupValue>> {
    const fn = this.#functions.get(name);
    if (!fn) throw new HotlineError('not-found', `No lookup named "${name}".`);
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
    return fn(params, signal);
  }
}

/** Keeps the top-level strings, numbers and booleans of a webhook's answer; refuses anything else. */
function flatValues(name: string, body: unknown): Record<string, LookupValue> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error(`lookup ${name}: the answer is not a JSON object`);
  const out: Record<string, LookupValue> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = value;
  }
  return out;
}

/** Demo flights the demo center's IVR reads out (the flights module will replace this). */
const demoFlights: Record<string, { zh: string; en: string; departureTime: string; gate: string }> =
  {
    MU5101: {
      zh: '准点，正在登机',
      en: 'on time and boarding',
      departureTime: '08:00',
      gate: 'A12',
    },
    MU5102: {
      zh: '延误约四十分钟',
      en: 'delayed by about forty minutes',
      departureTime: '10:40',
      gate: 'B7',
    },
    MU2501: { zh: '准点', en: 'on time', departureTime: '14:05', gate: 'C3' },
    MU5401: {
      zh: '已取消，请联系人工客服改签',
      en: 'cancelled; an agent can rebook you',
      departureTime: '18:30',
      gate: 'D1',
    },
  };

/** The flight status lookup of the demo center: known demo flights, `found: false` otherwise. */
export const demoFlightStatus: LookupFunction = async (
  params,
): Promise<Record<string, LookupValue>> => {
  const flight = (params.flight ?? '').toUpperCase();
  const known = demoFlights[flight];
  if (!known) return { found: false, flight };
  const language = params.language === 'en' ? 'en' : 'zh';
  return {
    found: true,
    flight,
    status: known[language],
    departureTime: known.departureTime,
    gate: known.gate,
  };
};
