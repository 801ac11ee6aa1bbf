// SIP trunks as configuration data: the parser of the `sip.trunks` array (config file or
// HOTLINE_SIP_TRUNKS as JSON), with errors that name the trunk and the field at fault.
import { isIP } from 'node:net';
import { ConfigValueError } from './config-fields.ts';

export interface TrunkConfig {
  /** How the trunk is named in routing, events and the API. */
  readonly name: string;
  /** The carrier's SIP server: an IP address or a host name (resolved once at start). */
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  /** TLS only: accept the carrier's self-signed (or private CA) certificate; it must still name `host`. */
  readonly tlsAcceptSelfSigned?: boolean;
  /**
   * How an INVITE is known to come from this carrier: its source address is in `addresses`, it
   * carries digest credentials for `username`, or both (then both must hold). Neither: no call
   * comes in through this trunk.
   */
  readonly inbound: {
    /** Source addresses whose INVITEs are accepted as this trunk's (the allow-list). */
    readonly addresses: readonly string[];
    /** Digest username the carrier answers our 401 with; never an extension's number. */
    readonly username?: string;
    /** Its password, kept as given in the config file (as outbound credentials are). */
    readonly password?: string;
  };
  /** Present when calls may go out through this trunk. */
  readonly outbound?: TrunkOutboundConfig;
  /** Seconds between OPTIONS keep-alives (RFC 3261 §11); 0 turns them off. */
  readonly keepAliveSeconds: number;
  /** Outbound calls allowed at once through this trunk; no limit when absent. */
  readonly maxConcurrentCalls?: number;
  /** How a dialed number is rewritten before it goes out (e.g. strip "+86", add "0"). */
  readonly dial: { readonly stripPrefix?: string; readonly addPrefix?: string };
}

export interface TrunkOutboundConfig {
  /** Digest username for 401/407 challenges and the REGISTER address of record. */
  readonly username?: string;
  readonly password?: string;
  /** Register with the carrier (RFC 3261 §10.2), refreshing before expiry. */
  readonly register: boolean;
  /** Expires asked for in REGISTER; the carrier may grant less. */
  readonly registerExpires: number;
  /** The user part of our From (the account or billing number). */
  readonly fromUser: string;
  /** The host part of our From and the REGISTER's To; the trunk host by default. */
  readonly fromDomain?: string;
  /** Present the caller's own number in From instead of `fromUser` (the carrier must allow it). */
  readonly passCallerId: boolean;
}

const NAME = /^[A-Za-z0-9_.-]{1,32}$/;
// RFC 3261 §25.1 hostname, loosely: labels of letters, digits and hyphens.
const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// A SIP user part we put on the wire unescaped: digits, letters and the RFC 3261 unreserved marks.
const USER = /^[A-Za-z0-9+\-_.!~*'()&=$,;?/]{1,64}$/;
const DIAL_PREFIX = /^[0-9+*#]{1,16}$/;
const MIN_PASSWORD = 10;

const trunkKeys = [
  'name',
  'host',
  'port',
  'transport',
  'inbound',
  'outbound',
  'keepAliveSeconds',
  'maxConcurrentCalls',
  'dial',
  'tlsAcceptSelfSigned',
];
const outboundKeys = [
  'username',
  'password',
  'register',
  'registerExpires',
  'fromUser',
  'fromDomain',
  'passCallerId',
];

/** Parses the trunk list: a JSON array (a string holding one, from the environment). */
export function trunkList(raw: unknown): TrunkConfig[] {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new ConfigValueError(`not a JSON array of trunks (${(error as Error).message})`);
    }
  }
  if (!Array.isArray(value)) throw new ConfigValueError('expected an array of trunks');
  const names = new Set<string>();
  const inboundUsers = new Map<string, string>();
  return value.map((item: unknown, i) => {
    const label = trunkLabel(item, i);
    try {
      const trunk = parseTrunk(item);
      if (names.has(trunk.name)) throw new ConfigValueError('name: used by another trunk');
      names.add(trunk.name);
      const user = trunk.inbound.username;
      if (user !== undefined) {
        // The username alone says which carrier is calling when no address does.
        const owner = inboundUsers.get(user);
        if (owner !== undefined)
          throw new ConfigValueError(`inbound.username: "${user}" is trunk "${owner}"'s already`);
        inboundUsers.set(user, trunk.name);
      }
      return trunk;
    } catch (error) {
      if (!(error instanceof ConfigValueError)) throw error;
      throw new ConfigValueError(`${label}: ${error.message}`);
    }
  });
}

/** The trunk as it may be shown (the system API, `hotline config`): its passwords masked. */
export function hideTrunkPasswords(trunk: TrunkConfig): TrunkConfig {
  const { inbound, outbound } = trunk;
  return {
    ...trunk,
    inbound: inbound.password === undefined ? inbound : { ...inbound, password: '***' },
    ...(outbound?.password === undefined ? {} : { outbound: { ...outbound, password: '***' } }),
  };
}

/** A regular expression given as text; it must compile. */
export function regexPattern(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '')
    throw new ConfigValueError(`${JSON.stringify(raw)} is not a regular expression`);
  try {
    new RegExp(raw);
  } catch (error) {
    throw new ConfigValueError(`"${raw}" is not a valid regular expression: ${String(error)}`);
  }
  return raw;
}

/** Checks what trunks refer to across settings; returns one message per problem. */
export function trunkReferenceErrors(sip: {
  trunks: readonly TrunkConfig[];
  trunkPeers: readonly { name: string; address: string }[];
  outboundTrunk: string;
}): string[] {
  const errors: string[] = [];
  // A source address names the carrier only when one trunk lists it, or when every trunk that
  // lists it requires digest too (then the username names it).
  const owners = new Map<string, { name: string; digest: boolean }[]>();
  const own = (address: string, name: string, digest: boolean) => {
    const list = owners.get(address) ?? [];
    if (!list.some((o) => o.name === name)) list.push({ name, digest });
    owners.set(address, list);
  };
  for (const peer of sip.trunkPeers) own(peer.address, peer.name, false);
  for (const t of sip.trunks)
    for (const address of t.inbound.addresses)
      own(address, t.name, t.inbound.username !== undefined);
  for (const [address, list] of owners) {
    if (list.length > 1 && list.some((o) => !o.digest))
      errors.push(
        `HOTLINE_SIP_TRUNKS: ${address} is an inbound address of ${list.map((o) => `"${o.name}"`).join(' and ')}, so calls from it could not be told apart; list it once, or give every trunk that shares it inbound.username and inbound.password`,
      );
  }
  const names = new Set(sip.trunks.map((t) => t.name));
  for (const peer of sip.trunkPeers) {
    if (names.has(peer.name))
      errors.push(
        `HOTLINE_SIP_TRUNK_PEERS: "${peer.name}" is also the name of a trunk in sip.trunks; give it another name or list its address in that trunk's inbound.addresses`,
      );
  }
  if (sip.outboundTrunk !== '') {
    const trunk = sip.trunks.find((t) => t.name === sip.outboundTrunk);
    if (trunk === undefined)
      errors.push(
        `HOTLINE_SIP_OUTBOUND_TRUNK: no trunk is named "${sip.outboundTrunk}" (known: ${[...names].join(', ') || 'none'})`,
      );
    else if (trunk.outbound === undefined)
      errors.push(
        `HOTLINE_SIP_OUTBOUND_TRUNK: trunk "${trunk.name}" has no outbound settings, so no call can go out through it`,
      );
  }
  return errors;
}

function trunkLabel(item: unknown, i: number): string {
  const name = isObject(item) && typeof item.name === 'string' ? ` ("${item.name}")` : '';
  return `trunk ${i + 1}${name}`;
}

/**
 * Parses one trunk (the API's too: one source of truth); a ConfigValueError's message starts
 * with the field at fault (`port: 70000 is outside 1–65535`). Checks across trunks are
 * trunkList's and trunkReferenceErrors'.
 */
export function parseTrunk(raw: unknown): TrunkConfig {
  const obj = object(raw, 'trunk');
  unknownKeys(obj, trunkKeys, '');
  const name = str(obj.name, 'name');
  if (!NAME.test(name))
    throw new ConfigValueError(`name: "${name}" must be 1–32 letters, digits, _ . or -`);
  const host = str(obj.host, 'host');
  if (isIP(host) === 0 && !HOSTNAME.test(host))
    throw new ConfigValueError(`host: "${host}" is neither an IP address nor a host name`);
  const transport = obj.transport ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls')
    throw new ConfigValueError(`transport: ${JSON.stringify(transport)} is not udp, tcp or tls`);
  const selfSigned = obj.tlsAcceptSelfSigned ?? false;
  if (typeof selfSigned !== 'boolean')
    throw new ConfigValueError(
      `tlsAcceptSelfSigned: ${JSON.stringify(selfSigned)} is not a boolean`,
    );
  if (selfSigned && transport !== 'tls')
    throw new ConfigValueError(
      'tlsAcceptSelfSigned: only a trunk with transport "tls" has a certificate',
    );
  const inbound = parseInbound(obj.inbound);
  const dial = obj.dial === undefined ? {} : object(obj.dial, 'dial');
  unknownKeys(dial, ['stripPrefix', 'addPrefix'], 'dial.');
  const stripPrefix = optionalPrefix(dial.stripPrefix, 'dial.stripPrefix');
  const addPrefix = optionalPrefix(dial.addPrefix, 'dial.addPrefix');
  const maxCalls = obj.maxConcurrentCalls;
  return {
    name,
    host,
    port: int(obj.port ?? (transport === 'tls' ? 5061 : 5060), 'port', 1, 65535),
    transport,
    ...(selfSigned ? { tlsAcceptSelfSigned: true } : {}),
    inbound,
    ...(obj.outbound === undefined ? {} : { outbound: parseOutbound(obj.outbound) }),
    keepAliveSeconds: int(obj.keepAliveSeconds ?? 0, 'keepAliveSeconds', 0, 3600),
    ...(maxCalls === undefined
      ? {}
      : { maxConcurrentCalls: int(maxCalls, 'maxConcurrentCalls', 1, 100_000) }),
    dial: {
      ...(stripPrefix === undefined ? {} : { stripPrefix }),
      ...(addPrefix === undefined ? {} : { addPrefix }),
    },
  };
}

function parseInbound(raw: unknown): TrunkConfig['inbound'] {
  const obj = raw === undefined ? {} : object(raw, 'inbound');
  unknownKeys(obj, ['addresses', 'username', 'password'], 'inbound.');
  const addresses = obj.addresses ?? [];
  if (!Array.isArray(addresses))
    throw new ConfigValueError('inbound.addresses: expected an array of IP addresses');
  addresses.forEach((a: unknown, i) => {
    if (typeof a !== 'string' || isIP(a) === 0)
      throw new ConfigValueError(
        `inbound.addresses[${i}]: ${JSON.stringify(a)} is not an IPv4 or IPv6 address`,
      );
  });
  const username = obj.username === undefined ? undefined : str(obj.username, 'inbound.username');
  const password = obj.password;
  // Checked without str(): its message would quote the value.
  if (password !== undefined && (typeof password !== 'string' || password === ''))
    throw new ConfigValueError('inbound.password: expected a non-empty string (not shown here)');
  if ((username === undefined) !== (password === undefined))
    throw new ConfigValueError(
      'inbound.username and inbound.password: give both (the carrier must answer a digest challenge) or neither (its addresses alone)',
    );
  if (username !== undefined && !USER.test(username))
    throw new ConfigValueError(
      `inbound.username: "${username}" must be 1–64 letters, digits or SIP unreserved marks`,
    );
  // The same floor as extensions' SIP passwords: a carrier's credentials open calls too.
  if (password !== undefined && password.length < MIN_PASSWORD)
    throw new ConfigValueError(
      `inbound.password: must be at least ${MIN_PASSWORD} characters long (the value is not shown)`,
    );
  return {
    addresses: addresses as string[],
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

function parseOutbound(raw: unknown): TrunkOutboundConfig {
  const obj = object(raw, 'outbound');
  unknownKeys(obj, outboundKeys, 'outbound.');
  const username = obj.username === undefined ? undefined : str(obj.username, 'outbound.username');
  const password =
    obj.password === undefined ? undefined : str(obj.password, 'outbound.password', false);
  if ((username === undefined) !== (password === undefined))
    throw new ConfigValueError(
      'outbound.username and outbound.password: give both (digest credentials) or neither',
    );
  const register = obj.register ?? false;
  if (typeof register !== 'boolean')
    throw new ConfigValueError(`outbound.register: ${JSON.stringify(register)} is not a boolean`);
  if (register && username === undefined)
    throw new ConfigValueError('outbound.register: registering needs outbound.username/password');
  const fromUser = str(obj.fromUser ?? username, 'outbound.fromUser');
  if (!USER.test(fromUser))
    throw new ConfigValueError(`outbound.fromUser: "${fromUser}" is not a SIP user part`);
  const fromDomain =
    obj.fromDomain === undefined ? undefined : str(obj.fromDomain, 'outbound.fromDomain');
  if (fromDomain !== undefined && isIP(fromDomain) === 0 && !HOSTNAME.test(fromDomain))
    throw new ConfigValueError(`outbound.fromDomain: "${fromDomain}" is not a host name`);
  const pass = obj.passCallerId ?? false;
  if (typeof pass !== 'boolean')
    throw new ConfigValueError(`outbound.passCallerId: ${JSON.stringify(pass)} is not a boolean`);
  return {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    register,
    // RFC 3261 §10.2.1.1 suggests an hour; carriers commonly want 60 s to a day.
    registerExpires: int(obj.registerExpires ?? 3600, 'outbound.registerExpires', 60, 86400),
    fromUser,
    ...(fromDomain === undefined ? {} : { fromDomain }),
    passCallerId: pass,
  };
}

function object(raw: unknown, field: string): Record<string, unknown> {
  if (!isObject(raw)) throw new ConfigValueError(`${field}: expected an object`);
  return raw;
}

function unknownKeys(obj: Record<string, unknown>, known: string[], prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key))
      throw new ConfigValueError(
        `${prefix}${key}: unknown field (known: ${known.map((k) => prefix + k).join(', ')})`,
      );
  }
}

function str(raw: unknown, field: string, trim = true): string {
  if (typeof raw !== 'string' || raw.trim() === '')
    throw new ConfigValueError(
      `${field}: ${JSON.stringify(raw) ?? 'nothing'} is not a non-empty string`,
    );
  return trim ? raw.trim() : raw;
}

function int(raw: unknown, field: string, min: number, max: number): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw))
    throw new ConfigValueError(`${field}: ${JSON.stringify(raw)} is not a whole number`);
  if (raw < min || raw > max)
    throw new ConfigValueError(`${field}: ${raw} is outside ${min}–${max}`);
  return raw;
}

function optionalPrefix(raw: unknown, field: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !DIAL_PREFIX.test(raw))
    throw new ConfigValueError(`${field}: ${JSON.stringify(raw)} is not digits, +, * or #`);
  return raw;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
