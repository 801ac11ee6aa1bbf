// Builds native/*.c (hotline-media.c and its parts) into native/build/hotline-media.node with the machine's C compiler and
// Node's own headers (npm runs it after install). Nothing is downloaded. Without a compiler or the
// headers it says so and exits 0: the media engine then uses Node's dgram sockets, which work the
// same and cost more CPU per packet (docs/benchmarks.md), and its recordings use fs.write.
// Run: node scripts/build-native.mjs [--quiet] [--require]   (--require: fail instead of skipping; CI)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['hotline-media.c', 'udp.c', 'writes.c'].map((name) => join(root, 'native', name));
const inputs = [...sources, join(root, 'native', 'hotline-media.h')];
const output = join(root, 'native', 'build', 'hotline-media.node');
const quiet = process.argv.includes('--quiet');
const required = process.argv.includes('--require');

/** Node's headers: npm's nodedir setting, then beside this node binary (/usr/bin/node → /usr/include/node). */
function includeDir() {
  const candidates = [
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
    resolve(dirname(process.execPath), '..', 'include', 'node'),
  ].filter(Boolean);
  return candidates.find(
    (dir) => existsSync(join(dir, 'node_api.h')) && existsSync(join(dir, 'uv.h')),
  );
}

function skip(reason) {
  console.warn(
    `hotline: native media I/O not built (${reason}); the media engine will use Node's dgram and fs.`,
  );
  process.exit(required ? 1 : 0);
}

if (process.platform !== 'linux')
  skip(`recvmmsg and epoll are Linux-only, this is ${process.platform}`);
const include = includeDir();
if (include === undefined) skip("Node's headers (node_api.h, uv.h) were not found");
if (
  existsSync(output) &&
  inputs.every((input) => statSync(output).mtimeMs >= statSync(input).mtimeMs)
) {
  if (!quiet) console.log(`hotline: ${output} is up to date`);
  process.exit(0);
}
mkdirSync(dirname(output), { recursive: true });
const compiler = process.env.CC ?? 'cc';
try {
  execFileSync(
    compiler,
    [
      '-O2',
      '-shared',
      '-fPIC',
      '-Wall',
      '-Wextra',
      '-std=gnu11',
      `-I${include}`,
      '-o',
      output,
      ...sources,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
} catch (error) {
  skip(`${compiler} failed: ${error.message.split('\n')[0]}`);
}
if (!quiet) console.log(`hotline: built ${output}`);
