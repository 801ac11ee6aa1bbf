// What the prompts screen works out from files and names: the Content-Type an upload is sent
// with (the server picks its decoder by it), the name a chosen file suggests, and where a
// prompt's audio is served.

/** The languages prompts exist in (the server's LANGUAGES), in the order the screen offers them. */
export const promptLanguages = ['zh', 'en'] as const;
export type PromptLanguage = (typeof promptLanguages)[number];

/** The id of the datalist of built-in names both name inputs suggest from. */
export const catalogueNamesList = 'prompt-catalogue-names';

/** The content types the server converts, by the file endings that usually carry them. */
const typeByEnding: Record<string, string> = {
  wav: 'audio/wav',
  wave: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  flac: 'audio/flac',
};
const acceptedTypes = new Set([
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  ...Object.values(typeByEnding),
]);

/** The `accept` of the file input: the types and endings the server converts. */
export const uploadAccept = [
  ...acceptedTypes,
  ...Object.keys(typeByEnding).map((ending) => `.${ending}`),
].join(',');

/**
 * The Content-Type to upload a file with, or undefined for a file that is not WAV, MP3, OGG or
 * FLAC. The ending decides first: browsers report some of these types differently (audio/x-flac,
 * audio/mp3) or not at all.
 */
export function uploadContentType(file: { name: string; type: string }): string | undefined {
  const ending = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const byEnding = ending === undefined ? undefined : typeByEnding[ending];
  if (byEnding) return byEnding;
  const type = file.type.toLowerCase();
  return acceptedTypes.has(type) ? type : undefined;
}

/** `custom/<name>` from a file's name (`Spring Sale.wav` → `custom/spring-sale`), or '' when none fits. */
export function suggestedPromptName(fileName: string): string {
  const slug = fileName
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 63);
  return slug === '' ? '' : `custom/${slug}`;
}

/** Where the server serves an uploaded prompt's WAV (each part of the name escaped, the / kept). */
export function promptAudioPath(language: string, name: string): string {
  return `/api/v1/prompts/${encodeURIComponent(language)}/${name
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
}

/** Seconds with one decimal (`1500` → `1.5`), for a prompt's duration. */
export function promptSeconds(durationMs: number): string {
  return (durationMs / 1000).toFixed(1);
}
