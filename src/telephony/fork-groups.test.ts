// Sequential forking by q (RFC 3261 §16.6 step 1) and the Reason of a losing fork's CANCEL
// (RFC 3326): ForkedInvite over real dialog layers on an in-memory UDP pipe, one fake clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, silentLogger } from '../platform/index.ts';
import type { SessionEnded, UasInviteSession } from './sip/dialog/index.ts';
import { ANSWER, OFFER, endpoint } from './sip/dialog/dialog-test-kit.ts';
import type { SipRequest } from './sip/message/index.ts';
import { ForkedInvite } from './forked-invite.ts';
import { forkGroups, groupRingTime } from './fork-groups.ts';

describe('forkGroups and groupRingTime', () => {
  it('groups contacts by q, highest first, keeping their order within a group; no q is 1.0', () => {
    const groups = forkGroups([
      { id: 'a', q: 0.5 },
      { id: 'b' },
      { id: 'c', q: 0.9 },
      { id: 'd', q: 1 },
      { id: 'e', q: 0.5 },
    ]);
    assert.deepEqual(
      groups.map((g) => g.map((c) => c.id)),
      [['b', 'd'], ['c'], ['a', 'e']],
    );
    const unset: { id: string; q?: number }[] = [{ id: 'x' }, { id: 'y' }];
    assert.equal(forkGroups(unset).length, 1);
    assert.deepEqual(forkGroups([]), []);
  });

  it('gives each group an even share and the last what is left', () => {
    assert.deepEqual(groupRingTime(30_000, 3, 0, 0), { forkMs: 30_000, groupMs: 10_000 });
    // The first group all refused after 2 s: the second still gets its share, the last the rest.
    assert.deepEqual(groupRingTime(30_000, 3, 1, 2_000), { forkMs: 28_000, groupMs: 10_000 });
    assert.deepEqual(groupRingTime(30_000, 3, 2, 12_000), { forkMs: 18_000, groupMs: undefined });
    assert.deepEqual(groupRingTime(1_000, 2, 0, 5_000), { forkMs: 0, groupMs: 0 });
    assert.deepEqual(groupRingTime(30_000, 1, 0, 0), { forkMs: 30_000, groupMs: undefined });
  });
});

/** Phones with the given q each (one binding each), and ForkedInvite placing a leg to them all. */
function phonesWithQ(qs: readonly (number | undefined)[], ringTimeoutMs = 30_000) {
  const clock = new FakeClock(0);
  const hotline = endpoint(clock, '192.0.2.1', {});
  const phones = qs.map((_, i) => endpoint(clock, `192.0.2.${10 + i}`, {}));
  const all = [hotline, ...phones];
  for (const end of all)
    end.pipe.route = (destination) =>
      all.find((e) => e.peer.address === destination.address)?.stack.transactions;
  const rung: UasInviteSession[][] = phones.map(() => []);
  phones.forEach((phone, i) =>
    phone.layer.on('invite', (session) => {
      rung[i]!.push(session);
      session.ring();
    }),
  );
  const forks = new ForkedInvite(
    { dialogs: hotline.layer, logger: silentLogger() },
    phones.map((phone, i) => ({
      target: `sip:1002@${phone.peer.address}`,
      from: '<sip:1001@192.0.2.1>',
      destination: phone.peer,
      localSdp: OFFER,
      ringTimeoutMs,
      ...(qs[i] === undefined ? {} : { q: qs[i] }),
    })),
  );
  const seen: string[] = [];
  forks.on('ringing', () => seen.push('ringing'));
  forks.on('answered', () => seen.push('answered'));
  /** Each later group told as it rang (its index). */
  const groups: number[] = [];
  forks.on('group', ({ index }) => groups.push(index));
  forks.on('failed', (ended: SessionEnded) =>
    seen.push(`failed ${ended.cause}${ended.status === undefined ? '' : ` ${ended.status}`}`),
  );
  /** The one INVITE session phone i took. */
  const call = (i: number): UasInviteSession => {
    assert.equal(rung[i]!.length, 1, `phone ${i} got one INVITE`);
    return rung[i]![0]!;
  };
  /** Which phones have been sent an INVITE so far. */
  const invited = (): number[] => phones.flatMap((_, i) => (rung[i]!.length > 0 ? [i] : []));
  const cancels = (): SipRequest[] => hotline.pipe.requests('CANCEL');
  const assertClean = (): void => {
    clock.advance(300_000);
    for (const end of all) {
      assert.deepEqual(end.layer.size, { sessions: 0, dialogs: 0, pending: 0 });
      assert.deepEqual(end.stack.transactions.size, { client: 0, server: 0 });
    }
    assert.equal(clock.pendingTimers, 0);
  };
  return { clock, hotline, forks, seen, groups, call, invited, cancels, assertClean };
}

describe('ForkedInvite by q-value', () => {
  it('rings the highest q first, the next group when the first refuses (486), and that one answers', () => {
    const t = phonesWithQ([1, 0.5]);
    t.forks.start();
    t.clock.advance(100);
    assert.deepEqual(t.invited(), [0]);
    assert.deepEqual(t.seen, ['ringing']);
    t.call(0).reject(486);
    t.clock.advance(100);
    assert.deepEqual(t.invited(), [0, 1], 'the q=0.5 phone rings once the q=1.0 one refused');
    assert.deepEqual(t.seen, ['ringing'], 'ringing is told once for the leg');
    assert.deepEqual(t.groups, [1], 'the next group is told as it rings');
    t.call(1).answer(ANSWER);
    t.clock.advance(100);
    assert.deepEqual(t.seen, ['ringing', 'answered']);
    assert.equal(t.forks.state, 'answered');
    assert.equal(t.cancels().length, 0);
    t.call(1).hangup();
    t.assertClean();
  });

  it('moves on when a group’s share of the ring time runs out, cancelling its forks first', () => {
    const t = phonesWithQ([0.9, 0.9, 0.1], 20_000);
    t.forks.start();
    t.clock.advance(100);
    assert.deepEqual(t.invited(), [0, 1]);
    t.clock.advance(9_899);
    assert.deepEqual(t.invited(), [0, 1], 'the first group keeps its 10 s');
    t.clock.advance(1);
    assert.equal(t.cancels().length, 2, 'both forks of the first group are cancelled');
    assert.ok(
      t.cancels().every((c) => c.get('reason') === undefined),
      'a timed-out fork was not answered elsewhere',
    );
    t.clock.advance(100);
    assert.deepEqual(t.invited(), [0, 1, 2]);
    assert.deepEqual(t.groups, [1]);
    assert.equal(t.call(0).ended?.cause, 'cancelled');
    // The last group takes what is left: 10 s, then the leg ends unanswered.
    t.clock.advance(9_800);
    assert.deepEqual(t.seen, ['ringing']);
    t.clock.advance(200);
    assert.deepEqual(t.seen, ['ringing', 'failed no-answer 487']);
    t.assertClean();
  });

  it('ends everything on a 6xx: the later groups never ring', () => {
    const t = phonesWithQ([1, 0.5]);
    t.forks.start();
    t.clock.advance(100);
    t.call(0).reject(603);
    t.clock.advance(30_000);
    assert.deepEqual(t.invited(), [0]);
    assert.deepEqual(t.seen, ['ringing', 'failed rejected 603']);
    t.assertClean();
  });

  it('ends with the best response of all groups when every contact refuses', () => {
    const t = phonesWithQ([1, 0.5]);
    t.forks.start();
    t.clock.advance(100);
    t.call(0).reject(486);
    t.clock.advance(100);
    t.call(1).reject(480);
    t.clock.advance(100);
    assert.deepEqual(t.seen, ['ringing', 'failed busy 486']);
    t.assertClean();
  });

  it('cancels the ringing group and rings no other when the leg is hung up', () => {
    const t = phonesWithQ([1, 0.5]);
    t.forks.start();
    t.clock.advance(100);
    t.forks.hangup();
    t.clock.advance(30_000);
    assert.deepEqual(t.invited(), [0]);
    assert.equal(t.cancels().length, 1);
    assert.equal(t.cancels()[0]!.get('reason'), undefined, 'the caller gave up: no Reason');
    assert.deepEqual(t.seen, ['ringing', 'failed local 487']);
    t.assertClean();
  });

  it('rings every contact at once, as ever, when all share one q (none set counts as 1.0)', () => {
    const t = phonesWithQ([undefined, 1, undefined]);
    t.forks.start();
    t.clock.advance(100);
    assert.deepEqual(t.invited(), [0, 1, 2]);
    assert.deepEqual(t.groups, [], 'one group: no later one is told');
    t.clock.advance(29_900);
    assert.deepEqual(t.seen, ['ringing']);
    t.clock.advance(100);
    assert.deepEqual(t.seen, ['ringing', 'failed no-answer 487']);
    t.assertClean();
  });
});

describe('ForkedInvite: the CANCEL of a losing fork (RFC 3326)', () => {
  it('tells the forks that lost that the call was completed elsewhere', () => {
    const t = phonesWithQ([1, 1, 1]);
    t.forks.start();
    t.clock.advance(100);
    t.call(2).answer(ANSWER);
    t.clock.advance(100);
    assert.deepEqual(t.seen, ['ringing', 'answered']);
    const cancels = t.cancels();
    assert.equal(cancels.length, 2);
    for (const cancel of cancels)
      assert.equal(cancel.get('reason'), 'SIP;cause=200;text="Call completed elsewhere"');
    assert.equal(t.call(0).ended?.cause, 'cancelled');
    t.call(2).hangup();
    t.assertClean();
  });
});
