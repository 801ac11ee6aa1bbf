// The SIP adapter's own rules with fake dialogs and media: the races a real
// network makes rare (hang up while the endpoint is being made, a media
// update that fails, an INVITE without SDP, a bridge before the endpoints).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { silentLogger } from '../platform/index.ts';
import { parseUri } from './sip/message/index.ts';
import { OfferAnswerSession, resolveSdpConfig } from './sip/sdp/index.ts';
import type { DialogLayer } from './sip/dialog/index.ts';
import type { MediaPort } from './media/index.ts';
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
  const state = { holdCreates: false, failUpdates: false };
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
        if (state.holdCreates) await new Promise<void>((resolve) => pending.push(resolve));
        port += 2;
        return {
          type: 'endpoint.created',
          local: { address: '127.0.0.1', port, rtcpPort: port + 1 },
        };
      }
      if (command.type === 'endpoint.update' && state.failUpdates)
        throw new Error('unknown-endpoint');
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
    reject: (status: number) => calls.push(`reject ${status}`),
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
  const stack = {
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
