// Runs a helper program (espeak-ng, sox) as a child process: no shell, input on stdin, a deadline.
import { spawn } from 'node:child_process';
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

/**
 * Runs `program` with `args` (never through a shell, so nothing in them is interpreted) and
 * resolves with its stdout; rejects with a HotlineError `unavailable` when the program is missing,
 * exits with an error (its stderr in the message) or overruns the deadline.
 */
export function runProgram(
  program: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const capture = options.maxOutputBytes !== undefined;
    const child = spawn(program, args, { stdio: 'pipe', shell: false });
    const chunks: Buffer[] = [];
    let outputBytes = 0;
    let stderr = '';
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
    const timer = setTimeout(
      () =>
        fail(
          new HotlineError(
            'unavailable',
            `${program} did not finish within ${options.timeoutMs} ms.`,
          ),
        ),
      options.timeoutMs,
    );
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
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 2000) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        error.code === 'ENOENT'
          ? new ProgramMissing(
              'unavailable',
              `${program} is not installed (apt-get install ${basename(program)}).`,
              {
                cause: error,
              },
            )
          : new HotlineError('unavailable', `Cannot run ${program}: ${error.message}.`, {
              cause: error,
            }),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) finish();
      else {
        const why = signal === null ? `exit code ${code}` : `signal ${signal}`;
        finish(
          new HotlineError(
            'unavailable',
            `${program} failed (${why}): ${stderr.trim() || 'no message'}.`,
          ),
        );
      }
    });
    // A program that exits without reading stdin makes the write fail with EPIPE; the exit reports it.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
