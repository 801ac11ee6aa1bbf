// The ending a forked leg takes when no fork answered: RFC 3261 §16.7's best response.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionEnded } from './sip/dialog/index.ts';
import { bestEnding } from './fork-outcome.ts';

const refused = (status: number): SessionEnded => ({
  cause: status === 486 || status === 600 ? 'busy' : status === 487 ? 'no-answer' : 'rejected',
  status,
  by: status === 487 ? 'local' : 'remote',
});
const statusOf = (...statuses: (number | undefined)[]) =>
  bestEnding(
    statuses.map((status) =>
      status === undefined ? { cause: 'failed', by: 'local' } : refused(status),
    ),
  )?.status;

describe('bestEnding', () => {
  it('takes a 6xx over every other response', () => {
    assert.equal(statusOf(486, 603, 302), 603);
    assert.equal(statusOf(500, 600), 600);
  });

  it('otherwise takes the lowest class', () => {
    assert.equal(statusOf(503, 404), 404);
    assert.equal(statusOf(480, 302, 500), 302);
    assert.equal(statusOf(503, 500), 503, 'the first of a class when nothing sets them apart');
  });

  it('prefers 486 Busy Here within 4xx, and the answer to our own CANCEL least', () => {
    assert.equal(statusOf(480, 404, 486), 486);
    assert.equal(statusOf(487, 480), 480);
    assert.equal(statusOf(487, 503), 487, '4xx is still the lower class');
    assert.equal(statusOf(404, 480), 404, 'the first of the rest');
  });

  it('ranks an ending without a final response below any status, and has none for no forks', () => {
    assert.equal(statusOf(undefined, 500), 500);
    assert.deepEqual(bestEnding([{ cause: 'failed', by: 'local' }]), {
      cause: 'failed',
      by: 'local',
    });
    assert.equal(bestEnding([]), undefined);
  });

  it('keeps the chosen fork’s whole ending: its cause and who ended it', () => {
    assert.deepEqual(bestEnding([refused(487), refused(486)]), {
      cause: 'busy',
      status: 486,
      by: 'remote',
    });
  });
});
