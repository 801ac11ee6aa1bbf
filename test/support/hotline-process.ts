// Runs the real `hotline` command in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface HotlineProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> once started. */
  url: string;
  output(): string;
  /** Waits for the process to exit; returns its code (or the signal's name). */
  exited: Promise<number | string>;
}

export function runHotline(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; exited: Promise<number | string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/hotline.ts', ...args], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Tests never take the well-known SIP ports: several servers may run at once.
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_WS_PORT: '0',
      // Fast hashes for the accounts a first start creates (about 0.5 s each at the default
      // cost here); the default cost is tested in password.test.ts.
      HOTLINE_SCRYPT_COST: '1024',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, output: () => output, exited };
}

/** Starts `hotline start` and resolves when it is listening. */
export async function startHotlineProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<HotlineProcess> {
  const run = runHotline(['start'], {
    HOTLINE_HTTP_HOST: '127.0.0.1',
    HOTLINE_HTTP_PORT: '0',
    ...env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`hotline did not start:\n${run.output()}`)),
      timeoutMs,
    );
    const check = () => {
      const m = /listening on (http:\/\/[^\s)]+)/.exec(run.output());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      } else setTimeout(check, 50);
    };
    void run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hotline exited (${code}) before listening:\n${run.output()}`));
    });
    check();
  });
  return { ...run, url };
}

/** The password printed for a user in a credentials table. */
export function printedPassword(output: string, username: string): string {
  const m = new RegExp(`^\\s+${username}\\s+\\S+\\s+(\\S+)`, 'm').exec(output);
  if (!m) throw new Error(`no password printed for ${username}:\n${output}`);
  return m[1]!;
}
