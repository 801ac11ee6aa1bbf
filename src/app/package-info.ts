// The version from package.json, found upwards from this file (it sits at a
// different depth under src/ and under dist/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'hotline') return (cached = { root: dir, version: pkg.version ?? '0.0.0' });
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('hotline: package.json not found above the code');
    dir = parent;
  }
}

export function packageVersion(): string {
  return packageInfo().version;
}

/** The folder holding package.json (and the shipped prompts). */
export function packageRoot(): string {
  return packageInfo().root;
}
