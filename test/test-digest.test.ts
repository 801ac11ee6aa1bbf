// The test script's digest reporter: what it keeps of the runner's events for the summary's
// neighbourhood (failures with their file and first message line; top-level durations).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import digest from '../scripts/test-digest.mjs';

async function* events(list: { type: string; data: Record<string, unknown> }[]) {
  yield* list;
}

const digested = async (list: { type: string; data: Record<string, unknown> }[]) => {
  const lines: unknown[] = [];
  for await (const line of digest(events(list))) lines.push(JSON.parse(line));
  return lines;
};

describe('the test digest reporter', () => {
  it('keeps each failure once, with its file and the first line of its error, and top-level times', async () => {
    const lines = await digested([
      { type: 'test:start', data: { name: 'suite', nesting: 0, file: '/r/a.test.ts' } },
      {
        type: 'test:fail',
        data: {
          name: 'rings the agent',
          nesting: 1,
          file: '/r/a.test.ts',
          details: {
            duration_ms: 5,
            error: {
              failureType: 'testCodeFailure',
              cause: { message: '\nnever saw call.ringing\nthe log ends with …' },
            },
          },
        },
      },
      {
        type: 'test:fail',
        data: {
          name: 'suite',
          nesting: 0,
          file: '/r/a.test.ts',
          details: { duration_ms: 7, error: { failureType: 'subtestsFailed' } },
        },
      },
      {
        type: 'test:pass',
        data: { name: 'other', nesting: 0, file: '/r/b.test.ts', details: { duration_ms: 3 } },
      },
    ]);
    assert.deepEqual(lines, [
      {
        kind: 'fail',
        file: '/r/a.test.ts',
        name: 'rings the agent',
        type: 'testCodeFailure',
        message: 'never saw call.ringing',
      },
      { kind: 'top', file: '/r/a.test.ts', name: 'suite', ms: 7 },
      { kind: 'top', file: '/r/b.test.ts', name: 'other', ms: 3 },
    ]);
  });
});
