// The SIP adapter's own rules with fake dialogs and media: the races a real
// network makes rare (hang up while the endpoint is being made, a media
// update that fails, an INVITE without SDP, a bridge before the endpoints).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { FakeClock, silentLogger } from '../platform/index.ts';
import { parseUri, type SipRequest } from './sip/message/index.ts';
import { OfferAnswerSession, resolveSdpConfig } from './sip/sdp/index.ts';
import type { DialogLayer, UasInviteSession } from './sip/dialog/index.ts';
import { endpoint } from './sip/dialog/dialog-test-kit.ts';
import { MediaError, type MediaPort } from './media/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import { SipTelephony } from './sip-telephony.ts';
import type { TelephonyEvent } from './telephony-port.ts';

const config = resolveSdpConfig();
const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A fake media port: endpoint creation waits for release(); updates can be made to fail. */
function fakeMedia() {
  const emitter = new EventEmitter();
  const commands: { type: string; endpointId?: string; endpointIds?: readonly string[] }[] = [];
  const pending: (() => void)[] = [];
  const state = {
    holdCreates: false,
    failUpdates: false,
    failRecords: false,
    refuseCreates: undefined as MediaError | undefined,
  };
  let port = 40000;
  const media = {
    on: (type: string, listener: (e: unknown) => void) => {
      emitter.on(type, listener);
      return () => emitter.off(type, listener);
    },
    request: async (command: {
      type: string;
      endpointId?: string;
      endpointIds?: readonly string[];
    }) => {
      commands.push(command);
      if (command.type === 'endpoint.create') {
        if (state.refuseCreates) throw state.refuseCreates;
        if (state.holdCreates) await new Promise<void>((resolve) => pending.push(resolve));
        port += 2;
        return {
          type: 'endpoint.created',
          local: { address: '127.0.0.1', port, rtcpPort: port + 1 },
        };
      }
      if (command.type === 'endpoint.update' && state.failUpdates)
        throw new Error('unknown-endpoint');
      if (command.type === 'record.start' && state.failRecords) throw new Error('disk full');
      return { type: 'done' };
    },
    close: async () => undefined,
  } as unknown as MediaPort;
  return {
    media,
    emitter,
    commands,
    pending,
    state,
    release: () => pending.splice(0).forEach((r) => r()),
  };
}

/** A fake INVITE session: an emitter with the methods the adapter calls, recording them. */
function fakeSession(init: { offer?: string; uas: boolean }) {
  const session = new EventEmitter() as EventEmitter & Record<string, unknown>;
  const calls: string[] = [];
  Object.assign(session, {
    state: init.uas ? 'offered' : 'calling',
    offer: init.offer,
    source: { protocol: 'udp', address: '192.0.2.9', port: 5060 },
    request: {
      uri: parseUri('sip:1002@127.0.0.1'),
      from: { uri: parseUri('sip:13800138000@192.0.2.9'), displayName: undefined },
      maxForwards: 70,
      getAll: () => [],
      body: Buffer.alloc(0),
    },
    ring: () => calls.push('ring'),
    answer: (sdp: string) => {
      calls.push('answer');
      session.answered = sdp;
      session.state = 'answered';
    },
    reject: (status: number, _reason?: string, headers: [string, string][] = []) =>
      calls.push([`reject ${status}`, ...headers.map(([n, v]) => `${n}: ${v}`)].join(', ')),
    hangup: () => calls.push('hangup'),
  });
  return { session, calls };
}

function setup() {
  const m = fakeMedia();
  const dialogs = new EventEmitter() as EventEmitter & {
    invite: (o: { localSdp: string }) => unknown;
  };
  const invites: {
    options: { localSdp: string; maxForwards?: number };
    session: ReturnType<typeof fakeSession>;
  }[] = [];
  dialogs.invite = (options) => {
    const fake = fakeSession({ uas: false });
    invites.push({ options, session: fake });
    return fake.session;
  };
  const refusals: unknown[] = [];
  const stack = {
    refuseForOverload: (detail: unknown) => refusals.push(detail) && 7,
    location: {
      lookup: () => [
        {
          aor: '1002',
          contact: 'sip:1002@192.0.2.2',
          source: { protocol: 'udp', address: '192.0.2.2', port: 5060 },
        },
      ],
    },
  } as unknown as SipStack;
  const telephony = new SipTelephony({
    stack,
    dialogs: dialogs as unknown as DialogLayer,
    media: m.media,
    clock: { now: () => 0 },
    logger: silentLogger(),
    sdp: config,
    realm: 'hotline',
    trunks: [{ name: 'carrier', addresses: ['192.0.2.9'] }],
    localHost: '127.0.0.1',
    prompts: { resolve: async (prompts) => prompts.map((_, i) => `/prompts/${i}.wav`) },
  });
  const events: TelephonyEvent[] = [];
  telephony.onEvent((e) => events.push(e));
  return {
    telephony,
    events,
    dialogs,
    invites,
    refusals,
    emitMedia: (type: string, e: unknown) => m.emitter.emit(type, e),
    ...m,
  };
}

const phoneOffer = () => {
  const phone = new OfferAnswerSession({
    config,
    endpoint: { addresses: ['192.0.2.9'], port: 30000 },
  });
  const offer = phone.createOffer();
  assert.ok(offer.ok);
  return { phone, sdp: offer.value.sdp };
};

describe('SipTelephony', () => {
  it('stops the playback asked for, even after it was restarted under the same id', async () => {
    const t = setup();
    const inbound = fakeSession({ uas: true, offer: phoneOffer().sdp });
    t.dialogs.emit('invite', inbound.session);
    await flush();
    const offered = t.events.find((e) => e.type === 'leg.offered')!;
    const legId = offered.type === 'leg.offered' ? offered.legId : '';
    t.telephony.execute({ type: 'leg.answer', legId });
    await flush();
    const hold = {
      type: 'leg.play' as const,
      legId,
      playId: 'hold-1',
      prompts: [{ kind: 'prompt' as const, name: 'please-hold' }],
      language: 'zh',
      bargeIn: false,
      loop: true,
    };
    t.telephony.execute(hold);
    await flush();
    // Hold restarted (after an announcement): the worker ends the first as replaced.
    t.telephony.execute(hold);
    await flush();
    t.emitMedia('play.finished', {
      endpointId: legId,
      playId: 'hold-1',
      reason: 'replaced',
      playedMs: 100,
    });
    t.telephony.execute({ type: 'leg.play.stop', legId, playId: 'hold-1' });
    await flush();
    assert.equal(t.commands.filter((c) => c.type === 'play').length, 2);
    assert.equal(
      t.commands.filter((c) => c.type === 'play.stop').length,
      1,
      'the stop reached the worker',
    );
    // A stop for another play id leaves the current one alone.
    t.telephony.execute({ ...hold, playId: 'announce-1', loop: false });
    await flush();
    t.telephony.execute({ type: 'leg.play.stop', legId, playId: 'hold-1' });
    await flush();
    assert.equal(t.commands.filter((c) => c.type === 'play.stop').length, 1);
  });

  it('never starts a playback stopped while its prompts were being resolved', async () => {
    const t = setup();
    const inbound = fakeSession({ uas: true, offer: phoneOffer().sdp });
    t.dialogs.emit('invite', inbound.session);
    await flush();
    const offered = t.events.find((e) => e.type === 'leg.offered')!;
    const legId = offered.type === 'leg.offered' ? offered.legId : '';
    t.telephony.execute({ type: 'leg.answer', legId });
    await flush();
    t.telephony.execute({
      type: 'leg.play',
      legId,
      playId: 'p1',
      prompts: [{ kind: 'prompt', name: 'welcome' }],
      language: 'zh',
      bargeIn: true,
    });
    t.telephony.execute({ type: 'leg.play.stop', legId, playId: 'p1' });
    await flush();
    assert.equal(t.commands.filter((c) => c.type === 'play').length, 0);
  });

  it('never sends the INVITE of a leg hung up while its endpoint was being made', async () => {
    const t = setup();
    t.state.holdCreates = true;
    t.telephony.execute({
      type: 'leg.originate',
      legId: 'b1',
      target: { kind: 'extension', extension: '1002' },
      from: { number: '1001' },
      timeoutMs: 1000,
    });
    await flush();
    t.telephony.execute({ type: 'leg.hangup', legId: 'b1' });
    await flush();
    t.release();
    await flush();
    assert.equal(t.invites.length, 0);
    assert.deepEqual(
      t.events.map((e) => (e.type === 'leg.ended' ? `${e.type} ${e.cause}` : e.type)),
      ['leg.ended local'],
    );
    assert.deepEqual(
      t.commands.map((c) => c.type),
      ['endpoint.create', 'endpoint.destroy'],
    );
    assert.equal(t.telephony.size, 0);
  });

  it('ends a leg whose media update fails, and tells the peer', async () => {
    const t = setup();
    t.telephony.execute({
      type: 'leg.originate',
      legId: 'b1',
      target: { kind: 'extension', extension: '1002' },
      from: { number: '1001' },
      timeoutMs: 1000,
    });
    await flush();
    const [invite] = t.invites;
    const callee = new OfferAnswerSession({
      config,
      endpoint: { addresses: ['192.0.2.2'], port: 50000 },
    });
    const answer = callee.receiveOffer(invite!.options.localSdp);
    assert.ok(answer.ok);
    t.state.failUpdates = true;
    invite!.session.session.emit('answered', { sdp: answer.value.sdp });
    await flush();
    assert.ok(invite!.session.calls.includes('hangup'));
    const ended = t.events.find((e) => e.type === 'leg.ended');
    assert.equal(ended?.type === 'leg.ended' ? ended.cause : undefined, 'failed');
    assert.equal(
      t.events.some((e) => e.type === 'leg.answered'),
      false,
    );
  });

  it('offers in the 200 when the INVITE had no SDP, and applies the answer from the ACK', async () => {
    const t = setup();
    const inbound = fakeSession({ uas: true });
    t.dialogs.emit('invite', inbound.session);
    await flush();
    const offered = t.events.find((e) => e.type === 'leg.offered');
    assert.ok(offered && offered.type === 'leg.offered');
    assert.deepEqual(offered.source, { kind: 'trunk', trunk: 'carrier' });
    t.telephony.execute({ type: 'leg.answer', legId: offered.legId });
    await flush();
    assert.deepEqual(inbound.calls, ['answer']);
    const phone = new OfferAnswerSession({
      config,
      endpoint: { addresses: ['192.0.2.9'], port: 30000 },
    });
    const reply = phone.receiveOffer(inbound.session.answered as string);
    assert.ok(reply.ok);
    inbound.session.emit('answer', { sdp: reply.value.sdp });
    await flush();
    assert.deepEqual(
      t.commands.map((c) => c.type),
      ['endpoint.create', 'endpoint.update'],
    );
  });

  it('bridges only once both endpoints exist', async () => {
    const t = setup();
    const inbound = fakeSession({ uas: true, offer: phoneOffer().sdp });
    t.dialogs.emit('invite', inbound.session);
    await flush();
    const offered = t.events.find((e) => e.type === 'leg.offered')!;
    t.telephony.execute({
      type: 'leg.originate',
      legId: 'b1',
      callId: offered.type === 'leg.offered' ? offered.legId : '',
      target: { kind: 'extension', extension: '1002' },
      from: { number: '1001' },
      timeoutMs: 1000,
    });
    await flush();
    t.state.holdCreates = true;
    const a = offered.type === 'leg.offered' ? offered.legId : '';
    t.telephony.execute({ type: 'leg.answer', legId: a });
    t.telephony.execute({ type: 'legs.bridge', a, b: 'b1' });
    await flush();
    assert.equal(
      t.commands.some((c) => c.type === 'bridge'),
      false,
    );
    t.release();
    await flush();
    const order = t.commands.map((c) => c.type);
    assert.ok(order.indexOf('bridge') > order.lastIndexOf('endpoint.create'), order.join(', '));
  });

  it('answers a recording that could not start with its recording.finished (reason error), and fails the leg', async () => {
    const t = setup();
    const inbound = fakeSession({ uas: true, offer: phoneOffer().sdp });
    t.dialogs.emit('invite', inbound.session);
    await flush();
    const offered = t.events.find((e) => e.type === 'leg.offered')!;
    const a = offered.type === 'leg.offered' ? offered.legId : '';
    t.telephony.execute({ type: 'leg.answer', legId: a });
    await flush();
    t.state.failRecords = true;
    t.telephony.execute({
      type: 'recording.start',
      recordingId: 'r1',
      path: '/r/1.wav',
      customer: a,
    });
    await flush();
    // Whoever started it waits for exactly one recording.finished; without it they would wait forever.
    const finished = t.events.filter((e) => e.type === 'recording.finished');
    assert.deepEqual(
      finished.map((e) => e.type === 'recording.finished' && [e.recordingId, e.reason, e.bytes]),
      [['r1', 'error', 0]],
    );
    assert.ok(t.events.some((e) => e.type === 'leg.ended' && e.legId === a));
  });

  it('answers 503 with Retry-After when the media has no room for the call at answer', async () => {
    for (const code of ['ports-exhausted', 'overloaded'] as const) {
      const t = setup();
      t.state.refuseCreates = new MediaError(code, 'No free RTP port pair in 20000-20001.');
      const inbound = fakeSession({ uas: true, offer: phoneOffer().sdp });
      t.dialogs.emit('invite', inbound.session);
      await flush();
      const offered = t.events.find((e) => e.type === 'leg.offered')!;
      t.telephony.execute({
        type: 'leg.answer',
        legId: offered.type === 'leg.offered' ? offered.legId : '',
      });
      await flush();
      // The refusal's words stay in the log: the caller sees 503 and when to try again.
      assert.deepEqual(inbound.calls, ['reject 503, Retry-After: 7']);
      assert.deepEqual(t.refusals, [{ method: 'INVITE', source: '192.0.2.9', reason: 'media' }]);
    }
  });

  it('answers 483 to an INVITE out of hops and offers nothing to the core', async () => {
    const t = setup();
    const inbound = fakeSession({ uas: true });
    (inbound.session.request as { maxForwards: number }).maxForwards = 0;
    t.dialogs.emit('invite', inbound.session);
    await flush();
    assert.deepEqual(inbound.calls, ['reject 483']);
    assert.equal(t.events.length, 0);
  });

  it('carries the inbound INVITE’s Max-Forwards less one to the leg placed for it', async () => {
    const t = setup();
    const inbound = fakeSession({ uas: true, offer: phoneOffer().sdp });
    (inbound.session.request as { maxForwards: number }).maxForwards = 7;
    t.dialogs.emit('invite', inbound.session);
    await flush();
    const offered = t.events.find((e) => e.type === 'leg.offered')!;
    t.telephony.execute({
      type: 'leg.originate',
      legId: 'b1',
      callId: offered.type === 'leg.offered' ? offered.legId : '',
      target: { kind: 'extension', extension: '1002' },
      from: { number: '1001' },
      timeoutMs: 1000,
    });
    await flush();
    assert.equal(t.invites[0]?.options.maxForwards, 6);
  });
});

/**
 * An extension with a binding per phone, each phone a real dialog layer on an in-memory UDP pipe
 * with the adapter's own (real) dialog layer, all on one fake clock. Every phone rings at once.
 */
function forking(phoneCount = 2, goneCount = 0) {
  const clock = new FakeClock(0);
  const hotline = endpoint(clock, '192.0.2.1', {});
  const phones = Array.from({ length: phoneCount }, (_, i) =>
    endpoint(clock, `192.0.2.${10 + i}`, {}),
  );
  const all = [hotline, ...phones];
  for (const end of all) {
    end.pipe.route = (destination) =>
      all.find((e) => e.peer.address === destination.address)?.stack.transactions;
  }
  const m = fakeMedia();
  const stack = {
    location: {
      lookup: (aor: string) => [
        ...phones.map((phone) => ({
          aor,
          contact: `sip:${aor}@${phone.peer.address}`,
          source: phone.peer,
          q: 1,
        })),
        // Phones gone without unregistering: what is sent to them is lost.
        ...Array.from({ length: goneCount }, (_, i) => ({
          aor,
          contact: `sip:${aor}@198.51.100.${10 + i}`,
          source: { protocol: 'udp', address: `198.51.100.${10 + i}`, port: 5060 },
          q: 1,
        })),
      ],
    },
  } as unknown as SipStack;
  const telephony = new SipTelephony({
    stack,
    dialogs: hotline.layer,
    media: m.media,
    clock,
    logger: silentLogger(),
    sdp: config,
    realm: 'hotline',
    localHost: '192.0.2.1',
  });
  const events: TelephonyEvent[] = [];
  telephony.onEvent((e) => events.push(e));
  const rung: UasInviteSession[][] = phones.map(() => []);
  phones.forEach((phone, i) =>
    phone.layer.on('invite', (session) => {
      rung[i]!.push(session);
      session.ring();
    }),
  );
  /** The one INVITE session phone i took. */
  const call = (i: number): UasInviteSession => {
    assert.equal(rung[i]!.length, 1, `phone ${i} got one INVITE`);
    return rung[i]![0]!;
  };
  /** Phone i answers with an SDP answer to the offer it got. */
  const answer = (i: number): void => {
    const session = call(i);
    const phone = new OfferAnswerSession({
      config,
      endpoint: { addresses: [phones[i]!.peer.address], port: 50000 + i * 2 },
    });
    const reply = phone.receiveOffer(session.offer ?? '');
    assert.ok(reply.ok);
    session.answer(reply.value.sdp);
  };
  /** What the adapter sent on the dialog of phone i's call, in order. */
  const sentTo = (i: number): string[] =>
    hotline.pipe.sent
      .filter((message) => message.callId === call(i).callId)
      .map((message) => (message.kind === 'request' ? message.method : String(message.status)));
  const originate = async (timeoutMs = 30_000): Promise<void> => {
    telephony.execute({
      type: 'leg.originate',
      legId: 'b1',
      target: { kind: 'extension', extension: '1002' },
      from: { number: '1001' },
      timeoutMs,
    });
    await flush();
    clock.advance(100); // the INVITEs arrive and every phone's 180 is back
  };
  const seen = () =>
    events.map((e) =>
      e.type === 'leg.ended'
        ? `${e.type} ${e.cause} ${e.by}${e.sipStatus === undefined ? '' : ` ${e.sipStatus}`}`
        : e.type,
    );
  /** Every timer of every stack runs out; nothing is left of any dialog or transaction. */
  const assertClean = (): void => {
    clock.advance(300_000);
    for (const end of all) {
      assert.deepEqual(end.layer.size, { sessions: 0, dialogs: 0, pending: 0 });
      assert.deepEqual(end.stack.transactions.size, { client: 0, server: 0 });
    }
    assert.equal(telephony.size, 0);
  };
  return {
    clock,
    hotline,
    phones,
    telephony,
    events,
    commands: m.commands,
    emitMedia: (type: string, e: unknown) => m.emitter.emit(type, e),
    call,
    answer,
    sentTo,
    originate,
    seen,
    assertClean,
  };
}

describe('SipTelephony forking a leg to every contact of an extension', () => {
  it('rings every contact with the same offer, reports ringing once, and cancels the others when one answers', async () => {
    const t = forking();
    await t.originate();
    const invites = t.hotline.pipe.requests('INVITE');
    assert.equal(invites.length, 2);
    assert.deepEqual(
      invites.map((i) => i.uri.type === 'sip' && i.uri.host),
      ['192.0.2.10', '192.0.2.11'],
    );
    // One endpoint, one offer: whichever phone answers, the media is the one offered.
    assert.equal(invites[0]!.body.toString(), invites[1]!.body.toString());
    assert.notEqual(invites[0]!.callId, invites[1]!.callId);
    assert.notEqual(invites[0]!.topVia?.branch, invites[1]!.topVia?.branch);
    assert.equal(t.commands.filter((c) => c.type === 'endpoint.create').length, 1);
    assert.deepEqual(t.seen(), ['leg.ringing']);

    t.answer(1);
    t.clock.advance(100);
    await flush();
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.answered']);
    assert.deepEqual(t.sentTo(0), ['INVITE', 'CANCEL', 'ACK']);
    assert.equal(t.call(0).ended?.cause, 'cancelled');
    assert.equal(t.call(1).state, 'confirmed');
    const cancel = t.hotline.pipe.requests('CANCEL')[0] as SipRequest;
    assert.equal(cancel.uri.type === 'sip' && cancel.uri.host, '192.0.2.10');

    t.telephony.execute({ type: 'leg.hangup', legId: 'b1' });
    t.clock.advance(1_000);
    assert.deepEqual(t.sentTo(1), ['INVITE', 'ACK', 'BYE']);
    assert.deepEqual(t.call(1).ended, { cause: 'normal', by: 'remote' });
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.answered', 'leg.ended local local']);
    t.assertClean();
  });

  it('ACKs and BYEs a 2xx from a losing contact that crossed our CANCEL (RFC 3261 §13.2.2.4)', async () => {
    const t = forking();
    await t.originate();
    t.answer(1); // its 200 reaches us at +10 ms, our CANCEL reaches the desk phone at +20 ms
    t.clock.advance(15);
    t.answer(0); // the desk phone answers before the CANCEL arrives
    t.clock.advance(100);
    await flush();
    assert.deepEqual(t.sentTo(0), ['INVITE', 'CANCEL', 'ACK', 'BYE']);
    assert.deepEqual(t.call(0).ended, { cause: 'normal', by: 'remote' });
    assert.equal(t.call(1).state, 'confirmed');
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.answered']);

    // The leg is the first phone's: the far end hangs up there.
    t.call(1).hangup();
    t.clock.advance(1_000);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.answered', 'leg.ended normal remote']);
    t.assertClean();
  });

  it('ends the leg with the best final response when every contact refuses: busy beats unavailable', async () => {
    const t = forking();
    await t.originate();
    t.call(0).reject(480);
    t.clock.advance(100);
    assert.deepEqual(t.seen(), ['leg.ringing'], 'one contact is still ringing');
    t.call(1).reject(486);
    t.clock.advance(100);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended busy remote 486']);
    t.assertClean();
  });

  it('ends the leg busy when one contact is busy and the other rings out', async () => {
    const t = forking();
    await t.originate(5_000);
    t.call(0).reject(486);
    t.clock.advance(5_000);
    assert.deepEqual(t.sentTo(1), ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended busy remote 486']);
    t.assertClean();
  });

  it('ends the leg no-answer when no contact answers in time, every one cancelled', async () => {
    const t = forking();
    await t.originate(5_000);
    t.clock.advance(5_000);
    assert.deepEqual(t.sentTo(0), ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(t.sentTo(1), ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended no-answer local 487']);
    t.assertClean();
  });

  it('takes a 6xx from one contact as final: the others are cancelled (RFC 3261 §16.7)', async () => {
    const t = forking();
    await t.originate();
    t.call(0).reject(603);
    t.clock.advance(100);
    assert.deepEqual(t.sentTo(1), ['INVITE', 'CANCEL', 'ACK']);
    assert.equal(t.call(1).ended?.cause, 'cancelled');
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended rejected remote 603']);
    t.assertClean();
  });

  it('cancels every contact when the leg is hung up while they ring', async () => {
    const t = forking(3);
    await t.originate();
    t.call(2).reject(486);
    t.clock.advance(100);
    t.telephony.execute({ type: 'leg.hangup', legId: 'b1' });
    t.telephony.execute({ type: 'leg.hangup', legId: 'b1' }); // twice: still one CANCEL each
    t.clock.advance(100);
    for (const i of [0, 1]) {
      assert.deepEqual(t.sentTo(i), ['INVITE', 'CANCEL', 'ACK']);
      assert.equal(t.call(i).ended?.cause, 'cancelled');
    }
    // Our hangup, not the busy third phone, is why the leg ended.
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended local local 487']);
    assert.deepEqual(
      t.commands.map((c) => c.type),
      ['endpoint.create', 'endpoint.destroy'],
    );
    t.assertClean();
  });

  it('ends a hung-up leg without waiting for a contact that never answered (no CANCEL can go there)', async () => {
    const t = forking(1, 1);
    await t.originate();
    assert.equal(t.hotline.pipe.requests('INVITE').length, 2);
    t.telephony.execute({ type: 'leg.hangup', legId: 'b1' });
    t.clock.advance(100);
    assert.deepEqual(t.sentTo(0), ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended local local 487']);
    assert.equal(t.telephony.size, 0);
    // RFC 3261 §9.1: the silent INVITE is retransmitted until Timer B, never cancelled.
    t.clock.advance(40_000);
    assert.equal(t.hotline.pipe.requests('CANCEL').length, 1);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended local local 487']);
    t.assertClean();
  });

  it('ends an unanswered leg at its ring timeout though a contact never answered', async () => {
    const t = forking(1, 1);
    await t.originate(5_000);
    t.call(0).reject(486);
    t.clock.advance(100);
    assert.deepEqual(t.seen(), ['leg.ringing'], 'the silent contact might still answer');
    t.clock.advance(4_900);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended busy remote 486']);
    t.assertClean();
  });

  it('cancels every contact when the leg fails while they ring (its media endpoint died)', async () => {
    const t = forking();
    await t.originate();
    t.emitMedia('endpoint.failed', { endpointId: 'b1' });
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended failed local']);
    t.clock.advance(100);
    assert.deepEqual(t.sentTo(0), ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(t.sentTo(1), ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(t.seen(), ['leg.ringing', 'leg.ended failed local'], 'the leg ended once');
    t.assertClean();
  });
});
