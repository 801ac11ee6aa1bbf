#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner through tsx.
// Node 20's --test does not expand globs itself, so the files are listed here.
// Usage: npm test [-- <path fragment> ...]  (fragments filter the file list)
//
// Files run two at a time (HOTLINE_TEST_CONCURRENCY, default 2): the end-to-end and browser files
// spend most of their time waiting on calls in real time (a sipp call that talks for 10 s), so a
// second lane keeps the cores busy. They start first, longest first, so the unit files fill the
// gaps instead of leaving one long file running alone at the end. Most unit files run together,
// in one process per lane (see "unit batches" below): loading cost more than their tests.
//
// At the end, above a repeat of TAP's summary, it lists the slowest files and every failed or
// cancelled test with its file, so a CI log's last lines say what went wrong.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const roots = ['src', 'test'];
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));

function walk(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// The slowest files on the 2-core CI machine, slowest first (2026-11-29, time in their tests: 69,
// 54, 51, 36, 32, 30, 28 s …, as the digest at the end of a run lists them); the unit batches and
// the other end-to-end and browser files follow, then the unit files that run alone.
const slowFirst = [
  'test/e2e/hotline-scenarios',
  'test/e2e/call-control',
  'test/browser/desk-call',
  'test/process/cli',
  'test/e2e/hotline-queue',
  'test/e2e/remote-answer',
  'test/browser/calls-and-monitor',
  'test/browser/admin.test',
  'test/browser/web-app',
  'test/e2e/prompt-by-phone',
];
const concurrency = Number(process.env.HOTLINE_TEST_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error('HOTLINE_TEST_CONCURRENCY must be a whole number of at least 1');
  process.exit(1);
}
const selected = roots
  .flatMap((root) => walk(root, []))
  .filter((f) => filters.length === 0 || filters.some((frag) => f.includes(frag)));
if (selected.length === 0) {
  console.error(`no test files match ${filters.join(' ') || '(all)'}`);
  process.exit(1);
}

// Unit batches. Most unit files spend more time loading (tsx, and the whole app for the API's
// tests: some 3 s) than testing, so they run together, one process per lane (a batch imports each
// file in turn; the runner still names each test's own file). A file runs alone when it declares
// hooks at its top level (in a batch they would run at the batch's start and end, not around the
// file's tests) or lives where tests share per-process state: the media engine's sockets and
// threads.
const aloneUnder = ['src/telephony/media/'];
const fileHooks = /^(before|after|beforeEach|afterEach)\(/m;
const batchable = (file) =>
  file.startsWith('src/') &&
  !aloneUnder.some((dir) => file.startsWith(dir)) &&
  !fileHooks.test(readFileSync(file, 'utf8'));
const toBatch = selected.filter(batchable);
const batchDir = toBatch.length > 1 ? mkdtempSync(join(tmpdir(), 'hotline-tests-')) : undefined;
const batches = [];
if (batchDir) {
  const lanes = Math.min(concurrency, toBatch.length);
  for (let lane = 0; lane < lanes; lane++) {
    const mine = toBatch.filter((_, i) => i % lanes === lane);
    const batch = join(batchDir, `unit-batch-${lane + 1}.test.mjs`);
    const imports = mine.map((f) => `await import(${JSON.stringify(pathToFileURL(f).href)});`);
    writeFileSync(batch, `// ${mine.length} unit test files, one process\n${imports.join('\n')}\n`);
    batches.push(batch);
  }
}
const rank = (file) => {
  const slow = slowFirst.findIndex((prefix) => file.startsWith(prefix));
  if (slow >= 0) return slow;
  if (batches.includes(file)) return slowFirst.length;
  return file.startsWith('test/') ? slowFirst.length + 1 : slowFirst.length + 2;
};
const files = [...batches, ...selected.filter((f) => !batchDir || !toBatch.includes(f))]
  .map((file, order) => ({ file, order }))
  .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
  .map(({ file }) => file);
// TAP on stdout, and beside it a digest (scripts/test-digest.mjs) of the failures and the
// top-level durations, printed above a repeat of the summary at the end; a --test-reporter given
// on the command line replaces both.
const ownReporter = !passThrough.some((a) => a.startsWith('--test-reporter'));
const digestFile = join(tmpdir(), `hotline-test-digest-${process.pid}.jsonl`);
const reporters = ownReporter
  ? [
      '--test-reporter=tap',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(import.meta.dirname, 'test-digest.mjs')}`,
      `--test-reporter-destination=${digestFile}`,
    ]
  : [];
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    ...reporters,
    ...passThrough,
    ...files,
  ],
  { stdio: ['inherit', ownReporter ? 'pipe' : 'inherit', 'inherit'] },
);
/** TAP's closing counts ("# tests 1872" … "# duration_ms …"), printed again after the digest. */
const summary = [];
if (ownReporter) {
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    // A test's own output is printed as "# …" too: only the last block from "# tests" counts.
    if (line.startsWith('# tests ')) summary.length = 0;
    if (/^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(line))
      summary.push(line);
  });
}
child.on('close', (code, signal) => {
  if (batchDir) rmSync(batchDir, { recursive: true, force: true });
  if (ownReporter) printDigest();
  process.exit(signal ? 1 : (code ?? 1));
});

function printDigest() {
  let entries;
  try {
    entries = readFileSync(digestFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    rmSync(digestFile);
  } catch {
    return;
  }
  const where = (file) => (file ? relative(process.cwd(), file) : '?');
  const failures = entries.filter((e) => e.kind === 'fail');
  const byFile = new Map();
  for (const e of entries.filter((e) => e.kind === 'top'))
    byFile.set(where(e.file), (byFile.get(where(e.file)) ?? 0) + e.ms);
  const slowest = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log('# slowest files (time in their tests, s):');
  for (const [file, ms] of slowest)
    console.log(`#   ${(ms / 1000).toFixed(1).padStart(6)}  ${file}`);
  if (failures.length > 0) {
    console.log(`# failing tests (${failures.length}):`);
    for (const f of failures)
      console.log(`#   ${where(f.file)}: ${f.name} [${f.type}]: ${f.message}`);
  }
  for (const line of summary) console.log(line);
}
