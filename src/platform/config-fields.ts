// Value parsers for configuration fields. Each takes what a config file or an
// environment variable holds and returns the typed value, or throws a
// ConfigValueError saying what was expected.
import { isIP } from 'node:net';

export class ConfigValueError extends Error {}

export function integer(min: number, max: number) {
  return (raw: unknown): number => {
    const n = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw new ConfigValueError(`${show(raw)} is not a whole number`);
    }
    if (n < min || n > max) throw new ConfigValueError(`${n} is outside ${min}–${max}`);
    return n;
  };
}

export const port = (raw: unknown): number => {
  try {
    return integer(0, 65535)(raw);
  } catch {
    throw new ConfigValueError(`${show(raw)} is not a port number (0–65535)`);
  }
};

export function portRange(raw: unknown): { min: number; max: number } {
  const m = typeof raw === 'string' ? /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(raw) : null;
  if (!m) throw new ConfigValueError(`${show(raw)} is not a port range such as 20000-29999`);
  const min = Number(m[1]);
  const max = Number(m[2]);
  if (min < 1024 || max > 65535 || min > max) {
    throw new ConfigValueError(`${show(raw)} must lie within 1024–65535, low end first`);
  }
  if (max - min < 1) {
    throw new ConfigValueError(`${show(raw)} holds no RTP/RTCP port pair`);
  }
  return { min, max };
}

export function text(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new ConfigValueError(`${show(raw)} is not a non-empty string`);
  }
  return raw.trim();
}

export function optionalText(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  return text(raw);
}

export function boolean(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
  }
  throw new ConfigValueError(`${show(raw)} is not true or false`);
}

export function oneOf<const T extends string>(...values: T[]) {
  return (raw: unknown): T => {
    if (typeof raw === 'string' && (values as string[]).includes(raw.trim())) {
      return raw.trim() as T;
    }
    throw new ConfigValueError(`${show(raw)} is not one of ${values.join(', ')}`);
  };
}

/** A comma-separated list (or a JSON array in the config file), each item checked by `item`. */
export function list<T>(item: (raw: unknown) => T) {
  return (raw: unknown): T[] => {
    const items = Array.isArray(raw)
      ? (raw as unknown[])
      : typeof raw === 'string'
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : undefined;
    if (items === undefined)
      throw new ConfigValueError(`${show(raw)} is not a comma-separated list`);
    return items.map((value, i) => {
      try {
        return item(value);
      } catch (error) {
        throw new ConfigValueError(`item ${i + 1}: ${(error as Error).message}`);
      }
    });
  };
}

export function ipAddress(raw: unknown): string {
  const value = text(raw);
  if (isIP(value) === 0) throw new ConfigValueError(`"${value}" is not an IPv4 or IPv6 address`);
  return value;
}

/** A trunk peer as name=address, e.g. telecom=203.0.113.5. */
export function trunkPeer(raw: unknown): { name: string; address: string } {
  const value = text(raw);
  const m = /^([A-Za-z0-9_.-]{1,32})=(.+)$/.exec(value);
  if (!m) throw new ConfigValueError(`"${value}" is not name=address (e.g. telecom=203.0.113.5)`);
  return { name: m[1]!, address: ipAddress(m[2]) };
}

/** A name and an http(s) URL as name=url, e.g. booking-status=https://crm.example/ivr/booking. */
export function namedUrl(raw: unknown): { name: string; url: string } {
  const value = text(raw);
  const m = /^([a-z0-9][a-z0-9-]{0,62})=(.+)$/.exec(value);
  if (!m)
    throw new ConfigValueError(`"${value}" is not name=url (e.g. booking=https://crm.example/ivr)`);
  let url: URL;
  try {
    url = new URL(m[2]!);
  } catch {
    throw new ConfigValueError(`"${m[2]}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigValueError(`"${m[2]}" is not an http or https URL`);
  return { name: m[1]!, url: url.toString() };
}

export function timeZone(raw: unknown): string {
  const zone = text(raw);
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ConfigValueError(`"${zone}" is not an IANA time zone such as Asia/Shanghai`);
  }
  return zone;
}

export type DatabaseTarget =
  { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/** `sqlite:<path>`, `sqlite::memory:`, or `postgres://…`/`postgresql://…`; empty means SQLite in the data folder. */
export function databaseUrl(raw: unknown): DatabaseTarget | undefined {
  const url = optionalText(raw);
  if (url === undefined) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    try {
      new URL(url);
    } catch {
      throw new ConfigValueError(`"${redactUrl(url)}" is not a valid postgres:// URL`);
    }
    return { engine: 'postgres', url };
  }
  if (scheme === 'sqlite') {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new ConfigValueError('sqlite: needs a file path, e.g. sqlite:./data/hotline.db');
    return { engine: 'sqlite', path };
  }
  throw new ConfigValueError(
    `unknown database engine ${scheme ? `"${scheme}"` : `in "${redactUrl(url)}"`}; ` +
      'use sqlite:<path> (the default) or postgres://user@host:port/database',
  );
}

export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

function show(raw: unknown): string {
  return typeof raw === 'string' ? `"${raw}"` : (JSON.stringify(raw) ?? String(raw));
}
