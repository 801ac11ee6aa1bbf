// Runs sipp (Debian package sip-tester) as a real SIP peer for end-to-end tests.
import { spawn } from 'node:child_process';
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
  calls?: number;
  rate?: number;
  /** Extra sipp arguments. */
  args?: string[];
  timeoutSeconds?: number;
}

/** Runs one sipp client scenario to completion; exit code 0 means every call succeeded. */
export function runSipp(options: SippOptions): Promise<SippRun> {
  const host = options.target.host.includes(':') ? `[${options.target.host}]` : options.target.host;
  const args = [
    `${host}:${options.target.port}`,
    '-sf',
    `${scenarioDir}${options.scenario}`,
    '-i',
    options.target.host.includes(':') ? '::1' : '127.0.0.1',
    '-p',
    '0',
    '-t',
    options.transport === 'tcp' ? 't1' : 'u1',
    '-m',
    String(options.calls ?? 1),
    '-r',
    String(options.rate ?? 10),
    '-s',
    options.service ?? 'hotline',
    '-nostdin',
    '-timeout',
    `${options.timeoutSeconds ?? 20}s`,
    '-timeout_error',
    ...(options.auth ? ['-au', options.auth.username, '-ap', options.auth.password] : []),
    ...(options.args ?? []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (error) =>
      reject(new Error(`sipp could not start (apt-get install sip-tester): ${error.message}`)),
    );
    child.on('exit', (code) => resolve({ code, output }));
  });
}
