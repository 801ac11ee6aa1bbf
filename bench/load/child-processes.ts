// The processes the load benchmark starts (Hotline, sipp agents and callers), kept in one place
// so that every one of them is stopped on the way out: at the end, on an error, on Ctrl-C, and
// (with SIGKILL, synchronously) when the bench exits any other way.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** The last 64 KiB of its stdout and stderr (also written to its log file). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when it exits. */
  exited: Promise<number | string>;
  running(): boolean;
}

const KEEP = 64 * 1024;

export class ChildProcesses {
  readonly #children = new Set<Child>();

  constructor() {
    process.on('exit', () => {
      for (const child of this.#children) if (child.running()) child.process.kill('SIGKILL');
    });
  }

  /** Starts a process whose output goes to `logFile`; stdin stays open (see hotline-server.ts). */
  start(
    name: string,
    command: string,
    args: readonly string[],
    logFile: string,
    options: SpawnOptions = {},
  ): Child {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    const log = createWriteStream(logFile);
    let output = '';
    const keep = (data: Buffer) => {
      log.write(data);
      output = (output + data.toString()).slice(-KEEP);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let running = true;
    const exited = new Promise<number | string>((resolve, reject) => {
      child.on('error', (error) => {
        running = false;
        reject(new Error(`${name}: ${command} failed to start: ${error.message}`));
      });
      child.on('exit', (code, signal) => {
        running = false;
        log.end();
        resolve(code ?? signal ?? -1);
      });
    });
    exited.catch(() => undefined);
    const entry: Child = {
      name,
      process: child,
      pid: child.pid,
      output: () => output,
      exited,
      running: () => running,
    };
    this.#children.add(entry);
    return entry;
  }

  /** Asks a child to stop (SIGTERM, or `signal`), then kills it if it has not exited in time. */
  async stop(child: Child, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
    if (!child.running()) return;
    child.process.kill(signal);
    const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
    await child.exited.catch(() => undefined);
    clearTimeout(timer);
  }

  /** Stops every child still running, sipp first so Hotline sees its peers go. */
  async stopAll(): Promise<void> {
    const running = [...this.#children].filter((c) => c.running());
    const [hotline, peers] = [
      running.filter((c) => c.name === 'hotline'),
      running.filter((c) => c.name !== 'hotline'),
    ];
    await Promise.all(peers.map((c) => this.stop(c)));
    await Promise.all(hotline.map((c) => this.stop(c, 'SIGTERM', 15_000)));
  }
}
