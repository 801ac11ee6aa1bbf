// Configuration: built-in defaults < config file < environment variables,
// validated once at start. Every error names the key and where it came from.
// The settings themselves are listed in config-spec.ts.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HotlineError } from './errors.ts';
import { ConfigValueError, redactUrl, type DatabaseTarget } from './config-fields.ts';
import { Field, configSpec, type HotlineConfig } from './config-spec.ts';
import { hideTrunkPasswords, trunkReferenceErrors } from './trunk-config.ts';
import { sipTlsErrors } from './sip-tls-config.ts';

export { configSpec, type HotlineConfig } from './config-spec.ts';

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Values that win over everything (tests, CLI flags). */
  overrides?: DeepPartial<HotlineConfig>;
}

export type DeepPartial<T> = T extends object
  ? T extends { engine: string } | { min: number }
    ? T
    : { [K in keyof T]?: DeepPartial<T[K]> }
  : T;

export interface LoadedConfig {
  config: HotlineConfig;
  /** Where the config file was read from, if any. */
  file: string | undefined;
  warnings: string[];
}

/** Loads and validates the configuration; throws one `invalid-config` error listing every bad key. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const errors: string[] = [];
  const warnings: string[] = [];

  const explicitFile = env.HOTLINE_CONFIG?.trim();
  const file = explicitFile ? resolve(cwd, explicitFile) : resolve(cwd, 'hotline.config.json');
  let fileValues: Record<string, unknown> = {};
  let usedFile: string | undefined;
  if (existsSync(file)) {
    usedFile = file;
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.push(`${file}: the config file must hold a JSON object`);
      } else fileValues = parsed as Record<string, unknown>;
    } catch (error) {
      errors.push(`${file}: not valid JSON (${(error as Error).message})`);
    }
  } else if (explicitFile) {
    errors.push(`HOTLINE_CONFIG: the config file ${file} does not exist`);
  }

  const knownEnv = new Set<string>(['HOTLINE_CONFIG']);
  const build = (spec: object, fromFile: unknown, over: unknown, path: string[]): unknown => {
    const out: Record<string, unknown> = {};
    const fileObj = isObject(fromFile) ? fromFile : {};
    const overObj = isObject(over) ? over : {};
    for (const key of Object.keys(fileObj)) {
      if (!(key in spec))
        errors.push(`${[...path, key].join('.')} in ${usedFile}: unknown setting`);
    }
    for (const [key, sub] of Object.entries(spec)) {
      const keyPath = [...path, key];
      if (!(sub instanceof Field)) {
        if (fromFile !== undefined && key in fileObj && !isObject(fileObj[key])) {
          errors.push(`${keyPath.join('.')} in ${usedFile}: expected an object`);
        }
        out[key] = build(sub as object, fileObj[key], overObj[key], keyPath);
        continue;
      }
      const f = sub as Field<unknown>;
      if (f.env) knownEnv.add(f.env);
      let value = f.defaultValue;
      const attempt = (raw: unknown, source: string) => {
        try {
          value = f.parse(raw);
        } catch (error) {
          if (!(error instanceof ConfigValueError)) throw error;
          errors.push(`${source}: ${error.message}`);
        }
      };
      if (key in fileObj) attempt(fileObj[key], `${keyPath.join('.')} in ${usedFile}`);
      const envRaw = f.env ? env[f.env] : undefined;
      if (f.env && envRaw !== undefined && envRaw !== '') attempt(envRaw, f.env);
      if (key in overObj) value = overObj[key];
      out[key] = value;
    }
    return out;
  };
  const config = build(configSpec, fileValues, options.overrides, []) as HotlineConfig;

  for (const name of Object.keys(env)) {
    if (name.startsWith('HOTLINE_') && !knownEnv.has(name) && !name.startsWith('HOTLINE_TEST_')) {
      warnings.push(`${name} is set but is not a Hotline setting (typo?)`);
    }
  }
  if (config.auth.sessionIdleSeconds > config.auth.sessionMaxSeconds) {
    errors.push('HOTLINE_SESSION_IDLE_SECONDS: must not exceed HOTLINE_SESSION_MAX_SECONDS');
  }
  errors.push(...trunkReferenceErrors(config.sip));
  if (config.sip.tlsCert !== '') config.sip.tlsCert = resolve(cwd, config.sip.tlsCert);
  if (config.sip.tlsKey !== '') config.sip.tlsKey = resolve(cwd, config.sip.tlsKey);
  errors.push(...sipTlsErrors(config.sip));
  if ((config.auth.scryptCost & (config.auth.scryptCost - 1)) !== 0) {
    errors.push(`HOTLINE_SCRYPT_COST: ${config.auth.scryptCost} is not a power of two`);
  }
  if (errors.length > 0) {
    throw new HotlineError(
      'invalid-config',
      `Invalid configuration:\n  - ${errors.join('\n  - ')}`,
      { field: errors[0]?.split(/[: ]/)[0] },
    );
  }
  config.dataDir = resolve(cwd, config.dataDir);
  return { config, file: usedFile, warnings };
}

/** The database the configuration selects, SQLite in the data folder by default. */
export function databaseTarget(config: HotlineConfig): DatabaseTarget {
  return config.database.url ?? { engine: 'sqlite', path: resolve(config.dataDir, 'hotline.db') };
}

/** The configuration as it may be printed: passwords in URLs and trunks hidden. */
export function describeConfig(config: HotlineConfig): Record<string, unknown> {
  const target = databaseTarget(config);
  return {
    ...config,
    sip: { ...config.sip, trunks: config.sip.trunks.map(hideTrunkPasswords) },
    database: {
      ...config.database,
      url: target.engine === 'postgres' ? redactUrl(target.url) : `sqlite:${target.path}`,
    },
  };
}

/** Rows for the configuration reference: key, environment variable, default, meaning. */
export function configReference(): {
  key: string;
  env: string;
  defaultValue: string;
  doc: string;
}[] {
  const rows: { key: string; env: string; defaultValue: string; doc: string }[] = [];
  const walk = (spec: object, path: string[]) => {
    for (const [key, sub] of Object.entries(spec)) {
      if (sub instanceof Field) {
        rows.push({
          key: [...path, key].join('.'),
          env: sub.env ?? '',
          defaultValue: showDefault(sub.defaultValue),
          doc: sub.doc,
        });
      } else walk(sub as object, [...path, key]);
    }
  };
  walk(configSpec, []);
  return rows;
}

function showDefault(value: unknown): string {
  if (value === undefined) return '';
  if (isObject(value)) return `${String(value.min)}-${String(value.max)}`; // the only object default: a port range
  if (Array.isArray(value))
    return value
      .map((v) =>
        typeof v === 'string'
          ? v
          : `${(v as { name: string }).name}=${(v as { address: string }).address}`,
      )
      .join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type { DatabaseTarget };
export type { TrunkConfig, TrunkOutboundConfig } from './trunk-config.ts';
export { sipTlsCredentials, type SipTlsCredentials } from './sip-tls-config.ts';
