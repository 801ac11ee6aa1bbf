// Runs a helper program (espeak-ng, sox) as a child process: no shell, input on stdin, a deadline.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { basename } from 'node:path';
import { HotlineError } from '../../platform/index.ts';

/** The program could not be started because it is not installed (ENOENT). */
export class ProgramMissing extends HotlineError {}

/** The program wrote more than `maxOutputBytes` and was stopped. */
export class OutputTooLarge extends HotlineError {}

export interface RunOptions {
  /** Written to the program's stdin, which is then closed. */
  input?: string | Uint8Array;
  /** The program is killed (SIGKILL) after this long. */
  timeoutMs: number;
  /** Collect stdout (up to this many bytes; more is an error) instead of discarding it. */
  maxOutputBytes?: number;
}

export interface StartedProgram {
  readonly child: ChildProcessWithoutNullStreams;
  /**
   * Resolves once the program exited with 0 and its output was read; rejects with a HotlineError
   * `unavailable` when it is missing (ProgramMissing) or exits with an error (its stderr in the message).
   */
  readonly exited: Promise<void>;
}

/**
 * Starts `program` with `args` (never through a shell, so nothing in them is interpreted), its
 * stdio piped: the caller writes stdin and reads stdout, or pipes them on to another program.
 */
export function startProgram(program: string, args: readonly string[]): StartedProgram {
  const child = spawn(program, args, { stdio: 'pipe', shell: false });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 2000) stderr += chunk;
  });
  // A program that exits without reading stdin makes the write fail with EPIPE; the exit reports it.
  child.stdin.on('error', () => {});
  const exited = new Promise<void>((resolve, reject) => {
    let settled = false;
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      reject(
        error.code === 'ENOENT'
          ? new ProgramMissing(
              'unavailable',
              `${program} is not installed (apt-get install ${basename(program)}).`,
              { cause: error },
            )
          : new HotlineError('unavailable', `Cannot run ${program}: ${error.message}.`, {
              cause: error,
            }),
      );
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      if (code === 0) return resolve();
      const why = signal === null ? `exit code ${code}` : `signal ${signal}`;
      reject(
        new HotlineError(
          'unavailable',
          `${program} failed (${why}): ${stderr.trim() || 'no message'}.`,
        ),
      );
    });
  });
  return { child, exited };
}

/** The error of a program killed at its deadline. */
export function overran(program: string, timeoutMs: number): HotlineError {
  return new HotlineError('unavailable', `${program} did not finish within ${timeoutMs} ms.`);
}

/**
 * Runs `program` with `args` and resolves with its stdout; rejects with a HotlineError
 * `unavailable` when the program is missing, exits with an error (its stderr in the message) or
 * overruns the deadline.
 */
export function runProgram(
  program: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const capture = options.maxOutputBytes !== undefined;
    const { child, exited } = startProgram(program, args);
    const chunks: Buffer[] = [];
    let outputBytes = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) resolve(Buffer.concat(chunks));
      else reject(error);
    };
    const fail = (error: HotlineError): void => {
      child.kill('SIGKILL');
      finish(error);
    };
    const timer = setTimeout(() => fail(overran(program, options.timeoutMs)), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!capture) return; // read and dropped, so the program never blocks on a full pipe
      outputBytes += chunk.length;
      if (outputBytes > options.maxOutputBytes!)
        fail(
          new OutputTooLarge(
            'unavailable',
            `${program} wrote more than ${options.maxOutputBytes} bytes.`,
          ),
        );
      else chunks.push(chunk);
    });
    exited.then(
      () => finish(),
      (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
    );
    child.stdin.end(options.input ?? '');
  });
}
