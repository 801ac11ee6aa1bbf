// The files of a play command opened as player clips: whole prompts from the cache, growing files read as they grow.
import { GrowingWav } from './growing-wav.ts';
import type { PlayFile } from './media-commands.ts';
import type { PlayerClip } from './player.ts';
import type { PromptCache } from './prompt-cache.ts';

/** Opens every file of the list; when one cannot be played, the growing ones opened are closed again. */
export async function openPlayFiles(
  files: readonly (string | PlayFile)[],
  prompts: PromptCache,
): Promise<PlayerClip[]> {
  const opened = await Promise.allSettled(
    files.map((file): Promise<PlayerClip> => {
      if (typeof file === 'string') return prompts.load(file);
      return file.growing === true ? GrowingWav.open(file.path) : prompts.load(file.path);
    }),
  );
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed === undefined)
    return opened.map((o) => (o as PromiseFulfilledResult<PlayerClip>).value);
  closeClips(opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])));
  throw failed.reason;
}

/** Lets go of the growing files among `clips` (a play the endpoint no longer wants). */
export function closeClips(clips: readonly PlayerClip[]): void {
  for (const clip of clips) if (!(clip instanceof Int16Array)) void clip.close();
}
