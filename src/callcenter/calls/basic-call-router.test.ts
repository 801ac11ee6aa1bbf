import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../platform/index.ts';
import type { TelephonyCommand } from '../../telephony/index.ts';
import { BasicCallRouter } from './basic-call-router.ts';

function setup(outbound?: { trunk: string; pattern: RegExp }) {
  const clock = new FakeClock(0);
  const commands: TelephonyCommand[] = [];
  let n = 0;
  const router = new BasicCallRouter({
    clock,
    execute: (c) => commands.push(c),
    isExtension: (number) => ['1001', '1002'].includes(number),
    answerTestNumbers: ['9999'],
    answerTestHoldMs: 5000,
    recordTestNumbers: ['9998'],
    recordingPath: (legId) => `/recordings/${legId}.wav`,
    ringTimeoutMs: 30_000,
    newLegId: () => `out-${++n}`,
    ...(outbound ? { outbound } : {}),
  });
  const offer = (legId: string, to: string, kind: 'extension' | 'trunk' | 'local' = 'extension') =>
    router.handle({
      type: 'leg.offered',
      legId,
      to,
      from: { number: '1001', displayName: '张伟' },
      source:
        kind === 'extension'
          ? { kind, extension: '1001' }
          : kind === 'trunk'
            ? { kind, trunk: 't1' }
            : { kind },
      at: clock.now(),
    });
  return { clock, commands, router, offer };
}

describe('BasicCallRouter', () => {
  it('rings the dialed extension, rings the caller back, bridges on answer, hangs up the other side', () => {
    const { commands, router, offer } = setup();
    offer('in-1', '1002');
    assert.deepEqual(commands.shift(), {
      type: 'leg.originate',
      legId: 'out-1',
      callId: 'in-1',
      target: { kind: 'extension', extension: '1002' },
      from: { number: '1001', displayName: '张伟' },
      timeoutMs: 30_000,
    });
    router.handle({ type: 'leg.ringing', legId: 'out-1', remoteAnswer: false, at: 1 });
    assert.deepEqual(commands.shift(), { type: 'leg.ring', legId: 'in-1' });
    router.handle({ type: 'leg.answered', legId: 'out-1', at: 2 });
    assert.deepEqual(commands.splice(0), [
      { type: 'leg.answer', legId: 'in-1' },
      { type: 'legs.bridge', a: 'in-1', b: 'out-1' },
    ]);
    router.handle({ type: 'leg.ended', legId: 'in-1', cause: 'normal', by: 'remote', at: 3 });
    assert.deepEqual(commands.splice(0), [{ type: 'leg.hangup', legId: 'out-1' }]);
    assert.equal(router.activeLegs, 0);
  });

  it('tells the caller busy when the callee is busy, unavailable when it cannot be reached', () => {
    const { commands, router, offer } = setup();
    offer('in-1', '1002');
    router.handle({ type: 'leg.ended', legId: 'out-1', cause: 'busy', by: 'remote', at: 1 });
    assert.deepEqual(commands.at(-1), { type: 'leg.reject', legId: 'in-1', reason: 'busy' });
    offer('in-2', '1002');
    router.handle({ type: 'leg.ended', legId: 'out-2', cause: 'unreachable', by: 'remote', at: 1 });
    assert.deepEqual(commands.at(-1), { type: 'leg.reject', legId: 'in-2', reason: 'unavailable' });
    assert.equal(router.activeLegs, 0);
  });

  it('cancels the callee when the caller gives up', () => {
    const { commands, router, offer } = setup();
    offer('in-1', '1002');
    router.handle({ type: 'leg.ended', legId: 'in-1', cause: 'cancelled', by: 'remote', at: 1 });
    assert.deepEqual(commands.at(-1), { type: 'leg.hangup', legId: 'out-1' });
  });

  it('answers the test number and hangs up after the hold time', () => {
    const { clock, commands, router, offer } = setup();
    offer('in-1', '9999', 'trunk');
    assert.deepEqual(commands.shift(), { type: 'leg.answer', legId: 'in-1' });
    router.handle({ type: 'leg.answered', legId: 'in-1', at: 0 });
    clock.advance(4999);
    assert.equal(commands.length, 0);
    clock.advance(1);
    assert.deepEqual(commands.shift(), { type: 'leg.hangup', legId: 'in-1' });
    router.handle({ type: 'leg.ended', legId: 'in-1', cause: 'local', by: 'local', at: 5000 });
    assert.equal(router.activeLegs, 0);
    assert.equal(clock.pendingTimers, 0);
  });

  it('records the record-test number once the call is answered, then hangs up', () => {
    const { clock, commands, router, offer } = setup();
    offer('in-1', '9998', 'trunk');
    assert.deepEqual(commands.shift(), { type: 'leg.answer', legId: 'in-1' });
    router.handle({ type: 'leg.answered', legId: 'in-1', at: 0 });
    assert.deepEqual(commands.shift(), {
      type: 'recording.start',
      recordingId: 'test-in-1',
      path: '/recordings/in-1.wav',
      customer: 'in-1',
    });
    clock.advance(5000);
    assert.deepEqual(commands.shift(), { type: 'leg.hangup', legId: 'in-1' });
    router.handle({ type: 'leg.ended', legId: 'in-1', cause: 'local', by: 'local', at: 5000 });
    assert.equal(router.activeLegs, 0);
  });

  it('stops the test timer when the caller hangs up first', () => {
    const { clock, router, offer } = setup();
    offer('in-1', '9999');
    router.handle({ type: 'leg.answered', legId: 'in-1', at: 0 });
    router.handle({ type: 'leg.ended', legId: 'in-1', cause: 'normal', by: 'remote', at: 1 });
    assert.equal(clock.pendingTimers, 0);
  });

  it('rejects unknown numbers, and calls from nobody in particular', () => {
    const { commands, offer } = setup();
    offer('in-1', '5555');
    assert.deepEqual(commands.shift(), { type: 'leg.reject', legId: 'in-1', reason: 'not-found' });
    offer('in-2', '1002', 'local');
    assert.deepEqual(commands.shift(), { type: 'leg.reject', legId: 'in-2', reason: 'forbidden' });
  });

  describe('calls out through the outbound trunk (toll-fraud guard)', () => {
    const outbound = { trunk: 'telecom', pattern: /^\+?[0-9]{3,15}$/ };

    it("sends an extension's call to an outside number through the trunk, and bridges it like any call", () => {
      const { commands, router, offer } = setup(outbound);
      offer('in-1', '+8613800138000');
      assert.deepEqual(commands.shift(), {
        type: 'leg.originate',
        legId: 'out-1',
        callId: 'in-1',
        target: { kind: 'trunk', trunk: 'telecom', number: '+8613800138000' },
        from: { number: '1001', displayName: '张伟' },
        timeoutMs: 30_000,
      });
      router.handle({ type: 'leg.ringing', legId: 'out-1', remoteAnswer: false, at: 1 });
      assert.deepEqual(commands.shift(), { type: 'leg.ring', legId: 'in-1' });
      router.handle({ type: 'leg.answered', legId: 'out-1', at: 2 });
      assert.deepEqual(commands.splice(0), [
        { type: 'leg.answer', legId: 'in-1' },
        { type: 'legs.bridge', a: 'in-1', b: 'out-1' },
      ]);
      router.handle({ type: 'leg.ended', legId: 'out-1', cause: 'normal', by: 'remote', at: 3 });
      assert.deepEqual(commands.splice(0), [{ type: 'leg.hangup', legId: 'in-1' }]);
      assert.equal(router.activeLegs, 0);
    });

    it('tells the caller unavailable when the trunk cannot take the call', () => {
      const { commands, router, offer } = setup(outbound);
      offer('in-1', '13800138000');
      commands.shift();
      router.handle({
        type: 'leg.ended',
        legId: 'out-1',
        cause: 'unreachable',
        by: 'local',
        at: 1,
      });
      assert.deepEqual(commands.splice(0), [
        { type: 'leg.reject', legId: 'in-1', reason: 'unavailable' },
      ]);
    });

    it('never lets a trunk caller or an unauthenticated one out, and refuses numbers off the pattern', () => {
      const { commands, offer } = setup(outbound);
      offer('in-1', '13800138000', 'trunk');
      assert.deepEqual(commands.shift(), {
        type: 'leg.reject',
        legId: 'in-1',
        reason: 'not-found',
      });
      offer('in-2', '13800138000', 'local');
      assert.deepEqual(commands.shift(), {
        type: 'leg.reject',
        legId: 'in-2',
        reason: 'forbidden',
      });
      for (const [i, number] of ['12', '1380013800012345', '00#', '138 0013 8000'].entries()) {
        offer(`in-x${i}`, number);
        assert.deepEqual(commands.shift(), {
          type: 'leg.reject',
          legId: `in-x${i}`,
          reason: 'not-found',
        });
      }
      assert.equal(commands.length, 0, 'nothing was originated');
    });

    it('still prefers an extension, and sends nothing out without an outbound trunk', () => {
      const withTrunk = setup(outbound);
      withTrunk.offer('in-1', '1002');
      assert.deepEqual((withTrunk.commands.shift() as { target: unknown }).target, {
        kind: 'extension',
        extension: '1002',
      });
      const without = setup();
      without.offer('in-1', '13800138000');
      assert.deepEqual(without.commands.shift(), {
        type: 'leg.reject',
        legId: 'in-1',
        reason: 'not-found',
      });
    });
  });
});
