// Compares two V8 heap snapshots by constructor: how many objects of each name (and their own
// bytes) the second holds more than the first. Usage:
//   node --import tsx bench/memory/heap-snapshot-diff.ts before.heapsnapshot after.heapsnapshot [top]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface SnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface NameCount {
  count: number;
  bytes: number;
}

// Node types whose name is a constructor or class; the rest are grouped by type alone.
const NAMED_TYPES = new Set(['object', 'closure', 'native', 'regexp']);

/** Objects in a snapshot counted by name ("Map", "SipDialog", "(string)", "(array)"…). */
export function countByName(text: string): Map<string, NameCount> {
  const file = JSON.parse(text) as SnapshotFile;
  const fields = file.snapshot.meta.node_fields;
  const types = file.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const counts = new Map<string, NameCount>();
  for (let i = 0; i < file.nodes.length; i += width) {
    const type = types[file.nodes[i + typeAt]!]!;
    const key = NAMED_TYPES.has(type)
      ? `${type === 'closure' ? 'ƒ ' : ''}${file.strings[file.nodes[i + nameAt]!]}`
      : `(${type})`;
    const entry = counts.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += file.nodes[i + sizeAt]!;
    counts.set(key, entry);
  }
  return counts;
}

export interface NameGrowth {
  name: string;
  before: number;
  after: number;
  countDelta: number;
  bytesDelta: number;
}

/** Names whose count or bytes grew from `before` to `after`, most bytes first. */
export function diffCounts(
  before: Map<string, NameCount>,
  after: Map<string, NameCount>,
): NameGrowth[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .map((name) => {
      const a = before.get(name) ?? { count: 0, bytes: 0 };
      const b = after.get(name) ?? { count: 0, bytes: 0 };
      return {
        name,
        before: a.count,
        after: b.count,
        countDelta: b.count - a.count,
        bytesDelta: b.bytes - a.bytes,
      };
    })
    .filter((g) => g.countDelta > 0 || g.bytesDelta > 0)
    .sort((x, y) => y.bytesDelta - x.bytesDelta || y.countDelta - x.countDelta);
}

/** The diff as text lines, `top` names at most, with the counts per call when `calls` is given. */
export function describeGrowth(growth: NameGrowth[], top: number, calls?: number): string[] {
  const perCall = (n: number) => (calls ? `  (${(n / calls).toFixed(2)}/call)` : '');
  return growth
    .slice(0, top)
    .map(
      (g) =>
        `${g.name.slice(0, 60).padEnd(60)} ${String(g.before).padStart(8)} -> ${String(g.after).padStart(8)}` +
        `  +${g.countDelta}${perCall(g.countDelta)}  +${(g.bytesDelta / 1024).toFixed(1)} KiB`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [beforeFile, afterFile, top = '40'] = process.argv.slice(2);
  if (!beforeFile || !afterFile) {
    console.error(
      'usage: node --import tsx bench/memory/heap-snapshot-diff.ts before.heapsnapshot after.heapsnapshot [top]',
    );
    process.exit(2);
  }
  const growth = diffCounts(
    countByName(readFileSync(beforeFile, 'utf8')),
    countByName(readFileSync(afterFile, 'utf8')),
  );
  for (const line of describeGrowth(growth, Number(top))) console.log(line);
}
