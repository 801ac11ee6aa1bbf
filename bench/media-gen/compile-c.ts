// Builds the media benches' C helpers (rtp-gen.c, udp-floor.c) with the machine's gcc into a temp dir, once per process.
//
// The binaries are never committed; the temp dir is removed when the bench process exits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The machine's gcc version line, or undefined when there is no gcc. */
export function gccVersion(): string | undefined {
  const result = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) return undefined;
  return result.stdout.split('\n')[0]?.trim();
}

let dir: string | undefined;
const built = new Map<string, string>();

/** The path of `source` compiled with -O2; throws with gcc's output when it fails. */
export function compileC(source: string): string {
  const known = built.get(source);
  if (known !== undefined) return known;
  if (dir === undefined) {
    const created = mkdtempSync(join(tmpdir(), 'hotline-bench-c-'));
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
    dir = created;
  }
  const out = join(dir, basename(source, '.c'));
  const gcc = spawnSync('gcc', ['-O2', '-std=gnu99', '-Wall', '-o', out, source], {
    encoding: 'utf8',
  });
  if (gcc.error !== undefined) throw new Error(`gcc could not run: ${gcc.error.message}`);
  if (gcc.status !== 0) throw new Error(`gcc failed on ${source}:\n${gcc.stderr}`);
  built.set(source, out);
  return out;
}
