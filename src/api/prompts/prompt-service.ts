// Prompts as administrators manage them: the shipped catalogue (read-only),
// and uploads — WAV, MP3, OGG or FLAC converted to 8 kHz mono WAV — stored in
// the data folder as `<dataDir>/prompts/<language>/<name>.wav`, where the
// prompt library looks first. An upload named like a shipped prompt replaces
// it for this installation; `custom/<name>` adds a new one for flows to use.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LANGUAGES, isKnownPrompt, promptNames } from '../../callcenter/index.ts';
import { HotlineError } from '../../platform/index.ts';
import { ivrFlowRepository, type EventStore } from '../../store/index.ts';
import { convertUpload, readWavInfo, type UploadFormat } from '../../telephony/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { AuditTrail } from '../auth/audit-trail.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'prompt.uploaded': { name: string; language: string; durationMs: number; by: string };
    'prompt.removed': { name: string; language: string; by: string };
  }
}

export interface PromptEntry {
  name: string;
  language: string;
  /** shipped: in the repository's set; uploaded: in the data folder (replacing a shipped one or custom). */
  source: 'shipped' | 'uploaded';
  durationMs: number | null;
}

const CUSTOM = /^custom\/[a-z0-9][a-z0-9_-]{0,62}$/;

export class PromptService {
  readonly #dir: string;
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  /** Custom prompt names with at least one uploaded language, for flow validation. */
  readonly #custom = new Set<string>();

  constructor(deps: { uploadsDir: string; events: EventStore; audit: AuditTrail }) {
    this.#dir = deps.uploadsDir;
    this.#events = deps.events;
    this.#audit = deps.audit;
  }

  /** Reads which custom prompts exist (call once at start). */
  async load(): Promise<void> {
    for (const entry of await this.#uploaded())
      if (CUSTOM.test(entry.name)) this.#custom.add(entry.name);
  }

  /** Whether a flow may name this prompt: a catalogue prompt or an uploaded custom one. */
  isKnown(name: string): boolean {
    return isKnownPrompt(name) || this.#custom.has(name);
  }

  async list(): Promise<PromptEntry[]> {
    const uploaded = await this.#uploaded();
    const replaced = new Set(uploaded.map((u) => `${u.language}:${u.name}`));
    const shipped: PromptEntry[] = [];
    for (const language of LANGUAGES)
      for (const name of promptNames())
        if (!replaced.has(`${language}:${name}`))
          shipped.push({ name, language, source: 'shipped', durationMs: null });
    return [...uploaded, ...shipped].sort(
      (a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language),
    );
  }

  /** Converts and stores an upload; replaces an earlier upload of the same name and language. */
  async upload(
    actor: Actor,
    input: {
      language: string;
      name: string;
      format: UploadFormat;
      data: Uint8Array;
      /** How it arrived, for the audit log. Default upload. */
      via?: 'upload' | 'phone';
    },
  ): Promise<PromptEntry> {
    const { language, name } = checkTarget(input.language, input.name);
    const wav = await convertUpload(input.data, input.format, { maxSeconds: 300 });
    const durationMs = readWavInfo(wav).durationMs;
    const path = this.#path(language, name);
    await mkdir(dirname(path), { recursive: true });
    // Written beside and renamed, so a call never plays half a file.
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, wav);
    await rename(temporary, path);
    if (CUSTOM.test(name)) this.#custom.add(name);
    await this.#events.write(async (w) => {
      await w.append('prompt.uploaded', `prompt:${name}`, {
        name,
        language,
        durationMs,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'prompt.upload',
        resource: 'prompts',
        resourceId: `${language}/${name}`,
        details: {
          durationMs,
          format: input.format,
          bytes: input.data.length,
          via: input.via ?? 'upload',
        },
      });
    });
    return { name, language, source: 'uploaded', durationMs };
  }

  /** Refuses (HotlineError naming the field) a language or name no prompt can have. */
  checkTarget(
    language: string,
    name: string,
    where: 'params' | 'body' = 'params',
  ): { language: string; name: string } {
    return checkTarget(language, name, where);
  }

  /** Removes an upload (a shipped prompt it replaced is heard again). */
  async remove(actor: Actor, languageIn: string, nameIn: string): Promise<void> {
    const { language, name } = checkTarget(languageIn, nameIn);
    const path = this.#path(language, name);
    if (!(await exists(path)))
      throw new HotlineError('not-found', `No uploaded prompt ${language}/${name}.`, {
        field: 'params.name',
      });
    // A custom prompt has no shipped recording behind it: removing its last language while a
    // published flow plays it would take that flow (and its numbers) out of service.
    if (CUSTOM.test(name) && (await this.#uploaded()).filter((u) => u.name === name).length === 1) {
      const users = await this.#publishedFlowsUsing(name);
      if (users.length > 0)
        throw new HotlineError(
          'conflict',
          `Prompt ${name} is played by published flow(s) ${users.join(', ')}; change them first.`,
          { field: 'params.name' },
        );
    }
    await rm(path);
    if (CUSTOM.test(name) && !(await this.#uploaded()).some((u) => u.name === name))
      this.#custom.delete(name);
    await this.#events.write(async (w) => {
      await w.append('prompt.removed', `prompt:${name}`, { name, language, by: actor.name });
      await this.#audit.record(w.trx, actor, {
        action: 'prompt.remove',
        resource: 'prompts',
        resourceId: `${language}/${name}`,
      });
    });
  }

  /** The uploaded file of a prompt, for playing it in the browser. */
  async uploadedFile(languageIn: string, nameIn: string): Promise<string> {
    const { language, name } = checkTarget(languageIn, nameIn);
    const path = this.#path(language, name);
    if (!(await exists(path)))
      throw new HotlineError('not-found', `No uploaded prompt ${language}/${name}.`, {
        field: 'params.name',
      });
    return path;
  }

  async #publishedFlowsUsing(name: string): Promise<string[]> {
    const flows = await ivrFlowRepository.published(this.#events.database.db);
    return flows
      .filter((f) => mentionsPrompt(JSON.parse(f.document) as unknown, name))
      .map((f) => f.name);
  }

  #path(language: string, name: string): string {
    return join(this.#dir, language, `${name}.wav`);
  }

  async #uploaded(): Promise<PromptEntry[]> {
    const out: PromptEntry[] = [];
    for (const language of LANGUAGES) {
      const root = join(this.#dir, language);
      if (!(await exists(root))) continue;
      for (const file of await readdir(root, { recursive: true })) {
        if (!file.endsWith('.wav')) continue;
        const name = file.slice(0, -4).split('\\').join('/');
        if (!isKnownPrompt(name) && !CUSTOM.test(name)) continue;
        const bytes = await readFile(join(root, file));
        let durationMs: number | null;
        try {
          durationMs = readWavInfo(bytes).durationMs;
        } catch {
          durationMs = null; // a file put there by hand that is not a WAV: listed, not timed
        }
        out.push({ name, language, source: 'uploaded', durationMs });
      }
    }
    return out;
  }
}

function checkTarget(
  language: string,
  name: string,
  where: 'params' | 'body' = 'params',
): { language: string; name: string } {
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new HotlineError(
      'invalid-input',
      `Prompts exist in ${LANGUAGES.join(' and ')}, not "${language}".`,
      {
        field: `${where}.language`,
      },
    );
  }
  if (!isKnownPrompt(name) && !CUSTOM.test(name)) {
    throw new HotlineError(
      'invalid-input',
      `"${name}" is neither a catalogue prompt nor custom/<name> (lower-case letters, digits, - and _).`,
      { field: `${where}.name` },
    );
  }
  return { language, name };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Whether a flow document plays the prompt anywhere (`{ "prompt": name }` at any depth). */
function mentionsPrompt(value: unknown, name: string): boolean {
  if (Array.isArray(value)) return value.some((v) => mentionsPrompt(v, name));
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.prompt === name) return true;
  return Object.values(record).some((v) => mentionsPrompt(v, name));
}
