// What a SIP trunk is, where trunks come from (a directory: configuration now, a repository
// once the API edits them), and how a dialed number becomes the number a carrier is sent.
import type { TrunkConfig } from '../../platform/index.ts';

/** A carrier connection: see TrunkConfig (src/platform/trunk-config.ts) for each field. */
export type Trunk = TrunkConfig;

/** Where trunks are looked up. Read on each use, so a repository can change them under it. */
export interface TrunkDirectory {
  list(): readonly Trunk[];
  get(name: string): Trunk | undefined;
}

/** Trunks fixed at start (the configuration). */
export class StaticTrunkDirectory implements TrunkDirectory {
  readonly #trunks: ReadonlyMap<string, Trunk>;

  constructor(trunks: readonly Trunk[]) {
    this.#trunks = new Map(trunks.map((t) => [t.name, t]));
  }

  list(): readonly Trunk[] {
    return [...this.#trunks.values()];
  }

  get(name: string): Trunk | undefined {
    return this.#trunks.get(name);
  }
}

// What may stand in a Request-URI user part unescaped and still be a phone number
// (RFC 3261 §25.1 user-unreserved and digits; '#' would need escaping, so it is refused).
const DIALABLE = /^\+?[0-9*]{1,32}$/;

/**
 * The number to send through `trunk`: `dial.stripPrefix` removed when present, then
 * `dial.addPrefix` put in front. Undefined when the result is not a dialable number.
 */
export function dialNumber(trunk: Trunk, number: string): string | undefined {
  const { stripPrefix, addPrefix } = trunk.dial;
  let out = number;
  if (stripPrefix !== undefined && out.startsWith(stripPrefix)) out = out.slice(stripPrefix.length);
  if (addPrefix !== undefined) out = addPrefix + out;
  return DIALABLE.test(out) ? out : undefined;
}

/** The host part a trunk's URIs carry: brackets around an IPv6 literal, the port when not 5060. */
export function trunkHostPort(trunk: Trunk): string {
  const host = trunk.host.includes(':') ? `[${trunk.host}]` : trunk.host;
  return trunk.port === 5060 ? host : `${host}:${trunk.port}`;
}
