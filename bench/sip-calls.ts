// Benchmark: sustained calls per second through a SIP element, with sipp as
// the load generator (UAC) and the answering side (UAS) on loopback, bounded
// in time. Usage:
//   npm run bench:sip -- kamailio [rate] [calls]
//   npm run bench:sip -- hotline  [rate] [calls]
// kamailio: sipp UAC -> Kamailio stateful proxy -> sipp UAS.
// hotline:  sipp UAC -> Hotline B2BUA (inbound leg, outbound leg to a
//           registered extension) -> sipp UAS, every call's events persisted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [element = 'kamailio', rateArg = '1000', callsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const calls = Number(callsArg ?? rate * 10);
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-sip-'));
const children: ChildProcess[] = [];

function start(command: string, args: string[], name: string): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  child.on('exit', (code) => {
    if (code && code !== 0 && !stopping)
      console.error(`${name} exited ${code}:\n${output.slice(-2000)}`);
  });
  (child as ChildProcess & { output: () => string }).output = () => output;
  children.push(child);
  return child;
}

let stopping = false;
function stopAll(): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
process.on('exit', stopAll);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sippStats(output: string): { successful: number; failed: number; elapsed: string } {
  const number = (label: string) => {
    const m = new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(output);
    return m ? Number(m[1]) : NaN;
  };
  const elapsed = /Elapsed Time\s*\|[^|]*\|\s*(\S+)/.exec(output)?.[1] ?? '?';
  return { successful: number('Successful call'), failed: number('Failed call'), elapsed };
}

async function runUac(
  target: string,
  extraArgs: string[] = [],
): Promise<{ successful: number; failed: number; seconds: number }> {
  const started = Date.now();
  const uac = start(
    'sipp',
    [
      target,
      '-sf',
      new URL('./sipp/uac.xml', import.meta.url).pathname,
      '-i',
      '127.0.0.1',
      '-p',
      '5090',
      '-r',
      String(rate),
      '-rp',
      '1000',
      '-m',
      String(calls),
      '-l',
      String(rate * 4),
      '-buff_size',
      '1048576',
      '-timeout',
      `${Math.ceil(calls / rate) + 30}s`,
      '-timeout_error',
      '-nostdin',
      '-max_socket',
      '5000',
      '-s',
      '1001',
      '-d',
      '200',
      ...extraArgs,
    ],
    'sipp uac',
  );
  await new Promise((resolve) => uac.on('exit', resolve));
  const stats = sippStats((uac as ChildProcess & { output: () => string }).output());
  return { ...stats, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  console.log(
    `${element}: ${calls} calls offered at ${rate}/s (sipp ${'3.6.1'}, node ${process.version})`,
  );
  start(
    'sipp',
    [
      '-sf',
      new URL('./sipp/uas.xml', import.meta.url).pathname,
      '-i',
      '127.0.0.1',
      '-p',
      '5080',
      '-buff_size',
      '1048576',
      '-nostdin',
      '-max_socket',
      '5000',
    ],
    'sipp uas',
  );
  if (element === 'kamailio') {
    const cfg = readFileSync(new URL('./kamailio/stateful-proxy.cfg', import.meta.url), 'utf8')
      .replaceAll('__PORT__', '5070')
      .replaceAll('__UAS__', '127.0.0.1:5080');
    const cfgPath = join(dir, 'kamailio.cfg');
    writeFileSync(cfgPath, cfg);
    start(
      'kamailio',
      [
        '-f',
        cfgPath,
        '-DD',
        '-E',
        '-x',
        'fm',
        '-X',
        'fm',
        '-m',
        '4096',
        '-M',
        '64',
        '-Y',
        join(dir, 'run'),
      ],
      'kamailio',
    );
    await sleep(1500);
    const result = await runUac('127.0.0.1:5070');
    report(result);
  } else {
    throw new Error('the hotline target arrives with the B2BUA');
  }
}

function report(r: { successful: number; failed: number; seconds: number }): void {
  console.log(
    `successful ${r.successful}, failed ${r.failed} (${((r.failed / Math.max(1, r.successful + r.failed)) * 100).toFixed(2)} %), ` +
      `${(r.successful / r.seconds).toFixed(0)} calls/s over ${r.seconds.toFixed(1)} s wall time`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    stopAll();
    rmSync(dir, { recursive: true, force: true });
  });
