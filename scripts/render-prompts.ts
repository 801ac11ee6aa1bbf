// Renders the shipped prompt set (prompts/<lang>/<name>.wav) from the catalogue with espeak-ng and sox.
// Run by developers after changing the catalogue; the output is committed so installs need neither.
// Usage: npx tsx scripts/render-prompts.ts [--only name,name] [--out dir]
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  LANGUAGES,
  PROMPT_CATALOGUE,
  type CatalogueEntry,
  type Language,
} from '../src/callcenter/prompts/index.ts';
import { silentLogger } from '../src/platform/index.ts';
import { EspeakTts, pcm16MonoWav, readPcm16Mono } from '../src/telephony/prompts/index.ts';

const { values } = parseArgs({
  options: { only: { type: 'string' }, out: { type: 'string', default: 'prompts' } },
});
const outDir = resolve(values.out);
const only = values.only === undefined ? undefined : new Set(values.only.split(','));
const tts = new EspeakTts({ cacheDir: tmpdir(), logger: silentLogger(), maxConcurrent: 2 });
if (!(await tts.available())) {
  console.error('espeak-ng is not installed: apt-get install espeak-ng sox');
  process.exit(1);
}

/** A pause between the two languages of a bilingual prompt. */
const BILINGUAL_PAUSE_MS = 400;

/** What the synthesizer reads: the catalogue text, or its pronunciation override. */
function spoken(entry: CatalogueEntry, language: Language): string {
  return entry.speak?.[language] ?? entry.text[language];
}

async function renderEntry(entry: CatalogueEntry, language: Language): Promise<void> {
  const path = join(outDir, language, `${entry.name}.wav`);
  await mkdir(dirname(path), { recursive: true });
  if (entry.bilingual !== true) {
    await tts.renderTo(spoken(entry, language), language, path);
    return;
  }
  const other = LANGUAGES.find((l) => l !== language)!;
  const parts = [`${path}.1.wav`, `${path}.2.wav`];
  try {
    await tts.renderTo(spoken(entry, language), language, parts[0]!);
    await tts.renderTo(spoken(entry, other), other, parts[1]!);
    const [first, second] = await Promise.all(
      parts.map(async (p) => readPcm16Mono(await readFile(p), p)),
    );
    const pause = (first!.sampleRate * BILINGUAL_PAUSE_MS) / 1000;
    const samples = new Int16Array(first!.samples.length + pause + second!.samples.length);
    samples.set(first!.samples, 0);
    samples.set(second!.samples, first!.samples.length + pause);
    await writeFile(path, pcm16MonoWav(samples, first!.sampleRate));
  } finally {
    await Promise.all(parts.map((p) => rm(p, { force: true })));
  }
}

async function wavFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.wav'))
    .map((e) => join(e.parentPath, e.name));
}

const started = performance.now();
const jobs = PROMPT_CATALOGUE.filter((entry) => only === undefined || only.has(entry.name)).flatMap(
  (entry) => LANGUAGES.map((language) => renderEntry(entry, language)),
);
await Promise.all(jobs);

// Files no catalogue entry names any more are removed, so the shipped set matches the catalogue.
const wanted = new Set(
  LANGUAGES.flatMap((l) => PROMPT_CATALOGUE.map((e) => join(outDir, l, `${e.name}.wav`))),
);
let bytes = 0;
for (const language of LANGUAGES) {
  for (const file of await wavFiles(join(outDir, language))) {
    if (!wanted.has(file)) {
      await rm(file);
      console.log(`removed ${relative(process.cwd(), file)} (not in the catalogue)`);
    } else bytes += (await stat(file)).size;
  }
}
console.log(
  `rendered ${jobs.length} prompts in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `${outDir} holds ${(bytes / 1024 / 1024).toFixed(2)} MB of WAV`,
);
