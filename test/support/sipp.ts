// Runs sipp (Debian package sip-tester) as a real SIP peer for end-to-end tests.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const scenarioDir = fileURLToPath(new URL('../e2e/sipp/', import.meta.url));

export interface SippRun {
  code: number | null;
  output: string;
}

export interface SippOptions {
  scenario: string;
  target: { host: string; port: number };
  transport?: 'udp' | 'tcp';
  service?: string;
  auth?: { username: string; password: string };
  /** Rows for [field0], [field1], … (one per call, used in order). */
  fields?: string[][];
  calls?: number;
  rate?: number;
  /** Local port; a free one by default. */
  localPort?: number;
  /** Pause length for <pause/>, ms. */
  pauseMs?: number;
  /** Extra sipp arguments. */
  args?: string[];
  timeoutSeconds?: number;
}

/** A free UDP port on 127.0.0.1 (for a sipp that must register from, then listen on, the same port). */
export async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

function argsFor(options: SippOptions, server: boolean): string[] {
  const host = options.target.host.includes(':') ? `[${options.target.host}]` : options.target.host;
  const args = [
    ...(server ? [] : [`${host}:${options.target.port}`]),
    '-sf',
    `${scenarioDir}${options.scenario}`,
    '-i',
    options.target.host.includes(':') ? '::1' : '127.0.0.1',
    '-p',
    String(options.localPort ?? 0),
    '-t',
    options.transport === 'tcp' ? 't1' : 'u1',
    '-nostdin',
    '-timeout',
    `${options.timeoutSeconds ?? 30}s`,
    '-timeout_error',
    '-d',
    String(options.pauseMs ?? 100),
  ];
  if (!server) {
    args.push(
      '-m',
      String(options.calls ?? 1),
      '-r',
      String(options.rate ?? 10),
      '-s',
      options.service ?? 'hotline',
    );
  }
  if (options.auth) args.push('-au', options.auth.username, '-ap', options.auth.password);
  if (options.fields) {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-sipp-'));
    const file = join(dir, 'fields.csv');
    writeFileSync(
      file,
      ['SEQUENTIAL', ...options.fields.map((row) => row.join(';'))].join('\n') + '\n',
    );
    args.push('-inf', file);
  }
  args.push(...(options.args ?? []));
  return args;
}

function launch(args: string[]): { promise: Promise<SippRun>; kill: () => void } {
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const promise = new Promise<SippRun>((resolve, reject) => {
    child.on('error', (error) =>
      reject(new Error(`sipp could not start (apt-get install sip-tester): ${error.message}`)),
    );
    child.on('exit', (code) => resolve({ code, output }));
  });
  return { promise, kill: () => child.kill('SIGUSR1') };
}

/** Runs one sipp client scenario to completion; exit code 0 means every call succeeded. */
export function runSipp(options: SippOptions): Promise<SippRun> {
  return launch(argsFor(options, false)).promise;
}

/** Starts a sipp server scenario (a UAS) that runs until stopped; `stop()` resolves with its output. */
export function startSippServer(
  options: Omit<SippOptions, 'target'> & { target?: SippOptions['target'] },
): {
  stop: () => Promise<SippRun>;
  done: Promise<SippRun>;
} {
  const { promise, kill } = launch(
    argsFor({ target: { host: '127.0.0.1', port: 0 }, ...options }, true),
  );
  return {
    done: promise,
    stop: () => {
      kill();
      return promise;
    },
  };
}
