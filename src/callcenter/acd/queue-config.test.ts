import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HotlineError } from '../../platform/index.ts';
import { parseQueueConfig, parseQueueConfigs } from './queue-config.ts';

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof HotlineError) return (e.problems ?? []).map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  assert.fail('expected an invalid-input error');
}

describe('queue config', () => {
  it('fills the defaults of a minimal queue', () => {
    const q = parseQueueConfig({ name: 'flights' });
    assert.deepEqual(q.serviceLevel, {
      percent: 80,
      seconds: 20,
      variant: 'answered-over-offered-minus-short-abandons',
      shortAbandonSeconds: 5,
    });
    assert.equal(q.strategy, 'longest-idle');
    assert.deepEqual(q.overflow, { kind: 'voicemail' });
  });

  it('names the field of every problem', () => {
    assert.deepEqual(
      fields(() =>
        parseQueueConfig({
          name: 'q',
          ringTimeoutSeconds: 2,
          skills: [{ skill: 'fr', minLevel: 6 }],
          escalation: [
            { afterSeconds: 30, relaxSkillsBy: 1, addQueue: 'x' },
            { afterSeconds: 20, leaveTo: { kind: 'flow' } },
          ],
          colour: 'red',
        }),
      ).sort(),
      [
        'colour: is not a known field',
        'ringTimeoutSeconds: must be at least 5',
        'skills.0.minLevel: must be at most 5',
      ],
    );
    assert.deepEqual(
      fields(() =>
        parseQueueConfig({
          name: 'q',
          escalation: [
            { afterSeconds: 30, relaxSkillsBy: 1, addQueue: 'x' },
            { afterSeconds: 40, addQueue: 'q' },
            { afterSeconds: 20, leaveTo: { kind: 'flow' } },
          ],
        }),
      ),
      [
        'escalation.0: needs exactly one of relaxSkillsBy, addQueue, leaveTo',
        'escalation.1.addQueue: cannot add the queue itself',
        'escalation.2.afterSeconds: must be later than the step before (40 s)',
        'escalation.2.leaveTo.flow: is required for kind "flow"',
      ],
    );
  });

  it('checks names across a set of queues', () => {
    assert.deepEqual(
      fields(() =>
        parseQueueConfigs([
          { name: 'a', escalation: [{ afterSeconds: 10, addQueue: 'zz' }] },
          { name: 'a' },
        ]),
      ),
      [
        'queues.1.name: "a" is defined twice',
        'queues.0.escalation.0.addQueue: no queue is named "zz"',
      ],
    );
  });
});
