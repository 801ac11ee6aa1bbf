// The desk's transfer directory (web/src/features/desk/transfer-directory.ts):
// entries from the CTI feed and the extension list, the filter by name or
// extension, and what a typed target resolves to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CtiAgent } from '../../web/src/api/cti-state.ts';
import type { ExtensionView } from '../../web/src/api/types.ts';
import {
  buildDirectory,
  filterDirectory,
  resolveExtension,
} from '../../web/src/features/desk/transfer-directory.ts';

const agent = (agentId: string, extension: string | null, state: CtiAgent['state']): CtiAgent => ({
  agentId,
  state,
  reason: null,
  extension,
  since: 0,
  timeInStateMs: 0,
  registered: true,
  callId: null,
});
const ext = (extension: string, displayName: string, agentId: string | null): ExtensionView => ({
  extension,
  displayName,
  registered: false,
  contacts: 0,
  agentId,
  createdAt: 0,
  updatedAt: 0,
});

describe('the transfer directory', () => {
  const directory = buildDirectory(
    [
      agent('agent1001', '1001', 'on-call'),
      agent('agent1010', '1010', 'ready'),
      agent('agent1003', '1003', 'not-ready'),
      agent('nowhere', null, 'ready'),
    ],
    [
      ext('1002', 'Wang Fang', 'agent1002'),
      ext('1003', 'Li Na', 'agent1003'),
      ext('1010', 'Zhang Wei', 'agent1010'),
      ext('2000', 'Reception', null),
    ],
    'agent1001',
  );

  it('lists every extension once by number, with the live state, leaving out the agent', () => {
    assert.deepEqual(
      directory.map((e) => [e.extension, e.name, e.agentId, e.state]),
      [
        ['1002', 'Wang Fang', 'agent1002', null],
        ['1003', 'Li Na', 'agent1003', 'not-ready'],
        ['1010', 'Zhang Wei', 'agent1010', 'ready'],
        ['2000', 'Reception', null, null],
      ],
    );
    // Only the CTI feed (an agent's view of others is empty; a supervisor's is the feed).
    assert.deepEqual(
      buildDirectory([agent('agent1004', '1004', 'ready')], [], 'agent1001').map((e) => e.name),
      ['agent1004'],
    );
  });

  it('filters by name, agent id or extension, any case, every word, prefixes first', () => {
    const names = (query: string) => filterDirectory(directory, query).map((e) => e.extension);
    assert.deepEqual(names(''), ['1002', '1003', '1010', '2000']);
    assert.deepEqual(names('li'), ['1003']);
    assert.deepEqual(names('ZHANG'), ['1010']);
    assert.deepEqual(names('agent100'), ['1002', '1003']);
    assert.deepEqual(names('10'), ['1002', '1003', '1010']);
    // Nothing starts with "0": the matches keep their order by extension.
    assert.deepEqual(names('0'), ['1002', '1003', '1010', '2000']);
    assert.deepEqual(names('wang fang'), ['1002']);
    assert.deepEqual(names('fang wang'), ['1002']);
    assert.deepEqual(names('nobody'), []);
  });

  it('resolves a typed target to one extension, else takes it as typed', () => {
    assert.equal(resolveExtension(directory, '1003'), '1003');
    assert.equal(resolveExtension(directory, ' li na '), '1003');
    assert.equal(resolveExtension(directory, 'agent1010'), '1010');
    assert.equal(resolveExtension(directory, 'zhang'), '1010');
    assert.equal(resolveExtension(directory, 'agent100'), 'agent100', 'two match: as typed');
    assert.equal(resolveExtension(directory, '100'), '100', 'digits are taken as typed');
    assert.equal(resolveExtension(directory, '1234'), '1234');
    assert.equal(resolveExtension([], 'li'), 'li');
  });
});
