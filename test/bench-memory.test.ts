// bench:memory's own parts: its options (bad input named) and the heap snapshot diff by constructor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countByName, diffCounts } from '../bench/memory/heap-snapshot-diff.ts';
import { parseMemoryOptions } from '../bench/memory/memory-options.ts';

/** A heap snapshot in V8's format holding `objects`: [type, name, self size] each. */
function snapshot(objects: [string, string, number][]): string {
  const types = ['hidden', 'array', 'string', 'object', 'code', 'closure'];
  const strings = [...new Set(objects.map(([, name]) => name))];
  return JSON.stringify({
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
        node_types: [types, 'string', 'number', 'number', 'number'],
      },
    },
    nodes: objects.flatMap(([type, name, size], i) => [
      types.indexOf(type),
      strings.indexOf(name),
      i + 1,
      size,
      0,
    ]),
    strings,
  });
}

describe('bench:memory', () => {
  it('takes its options and names the one that is wrong', () => {
    const options = parseMemoryOptions(['--rounds=4', '--calls=10', '--to=queue', '--snapshots']);
    assert.deepEqual(
      [options.rounds, options.calls, options.to, options.snapshots, options.rate],
      [4, 10, 'queue', true, 200],
    );
    assert.throws(() => parseMemoryOptions(['--rounds=1']), /--rounds must be .* at least 2/);
    assert.throws(() => parseMemoryOptions(['--rate=fast']), /--rate must be a whole number/);
    assert.throws(() => parseMemoryOptions(['--to=pbx']), /--to must be extension, hotline/);
    assert.throws(() => parseMemoryOptions(['--calls']), /--calls must be a whole number/);
    assert.throws(() => parseMemoryOptions(['--color=red']), /unknown argument "--color=red"/);
  });

  it('counts objects by constructor and lists what grew, most bytes first', () => {
    const before = countByName(
      snapshot([
        ['object', 'SipLeg', 100],
        ['object', 'Map', 40],
        ['string', 'a', 16],
      ]),
    );
    const after = countByName(
      snapshot([
        ['object', 'SipLeg', 100],
        ['object', 'SipLeg', 100],
        ['object', 'Map', 40],
        ['string', 'b', 16],
        ['string', 'c', 24],
        ['closure', 'onResponse', 32],
      ]),
    );
    assert.deepEqual(before.get('SipLeg'), { count: 1, bytes: 100 });
    assert.deepEqual(
      diffCounts(before, after).map((g) => [g.name, g.countDelta, g.bytesDelta]),
      [
        ['SipLeg', 1, 100],
        ['ƒ onResponse', 1, 32],
        ['(string)', 1, 24],
      ],
    );
  });
});
