// The transfer form's directory: agents with their extensions and live state,
// from the CTI feed and (when the role may read it) the extension list;
// filtered by what the agent types, and what a typed name resolves to.
import type { CtiAgent } from '../../api/cti-state.ts';
import type { ExtensionView } from '../../api/types.ts';

export interface DirectoryEntry {
  extension: string;
  /** The agent on it (logged in there now, or whose usual extension it is). */
  agentId: string | null;
  /** The extension's display name, else the agent's id. */
  name: string;
  /** The agent's live state; null when nobody is logged in on it. */
  state: CtiAgent['state'] | null;
}

/**
 * One entry per extension, by extension number: the logged-in agents the CTI feed shows, and
 * every other extension of the list. The agent's own extension is left out (no transfer to self).
 */
export function buildDirectory(
  agents: readonly CtiAgent[],
  extensions: readonly ExtensionView[],
  self: string,
): DirectoryEntry[] {
  const byExtension = new Map<string, DirectoryEntry>();
  for (const e of extensions)
    byExtension.set(e.extension, {
      extension: e.extension,
      agentId: e.agentId,
      name: e.displayName || e.agentId || e.extension,
      state: null,
    });
  for (const a of agents) {
    if (a.extension === null) continue;
    const known = byExtension.get(a.extension);
    byExtension.set(a.extension, {
      extension: a.extension,
      agentId: a.agentId,
      name: known && known.agentId === a.agentId ? known.name : a.agentId,
      state: a.state,
    });
  }
  return [...byExtension.values()]
    .filter((entry) => entry.agentId !== self)
    .sort((a, b) => a.extension.localeCompare(b.extension, 'en', { numeric: true }));
}

/**
 * The entries matching every word typed (in the name, agent id or extension, any case), those
 * starting with the text first. An empty query matches all.
 */
export function filterDirectory(
  entries: readonly DirectoryEntry[],
  query: string,
): DirectoryEntry[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  const text = (e: DirectoryEntry) => `${e.name} ${e.agentId ?? ''} ${e.extension}`.toLowerCase();
  const starts = (e: DirectoryEntry) =>
    [e.name, e.agentId ?? '', e.extension].some((f) => f.toLowerCase().startsWith(words[0]!));
  const found = entries.filter((e) => words.every((w) => text(e).includes(w)));
  return [...found.filter(starts), ...found.filter((e) => !starts(e))];
}

/**
 * The extension a typed target means: an exact extension, agent id or name, else the one entry
 * a name matches, else the text itself. Digits are taken as typed: `100` is extension 100, not
 * the only listed extension containing it.
 */
export function resolveExtension(entries: readonly DirectoryEntry[], query: string): string {
  const typed = query.trim();
  const lower = typed.toLowerCase();
  const exact = entries.find(
    (e) =>
      e.extension === typed || e.agentId?.toLowerCase() === lower || e.name.toLowerCase() === lower,
  );
  if (exact) return exact.extension;
  const found = typed && !/^[0-9*#]+$/.test(typed) ? filterDirectory(entries, typed) : [];
  return found.length === 1 ? found[0]!.extension : typed;
}
