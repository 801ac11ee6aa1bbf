// Two transaction layers talking over a lossy in-memory UDP pipe on one fake clock: the RFC 3261 §17 exchanges end to end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import {
  type SipMessage,
  type SipRequest,
  createResponse,
  parseMessage,
  serializeMessage,
} from '../message/index.ts';
import type { Peer, SipTransport, TransportProtocol } from '../transport/index.ts';
import type { InviteServerTransaction } from './invite-server-transaction.ts';
import type { Retransmit2xx } from './retransmit-2xx.ts';
import { TransactionLayer } from './transaction-layer.ts';
import { RecordingUser, outgoing, recordingClient } from './transaction-test-kit.ts';

const LATENCY = 10;

/** One end of a UDP pipe: what it sends reaches the other layer LATENCY ms later, as octets re-parsed. */
class PipeEnd implements SipTransport {
  far: TransactionLayer | undefined;
  /** Messages to lose, decided per message in send order. */
  lose: (message: SipMessage) => boolean = () => false;
  readonly log: string[] = [];

  constructor(
    readonly clock: FakeClock,
    readonly self: Peer,
  ) {}

  send(message: SipMessage, _destination: Peer): Promise<void> {
    const label = message.kind === 'request' ? message.method : `${message.status}`;
    const lost = this.lose(message);
    this.log.push(`${this.clock.now()} ${label}${lost ? ' (lost)' : ''}`);
    if (!lost) {
      const octets = serializeMessage(message);
      this.clock.after(LATENCY, () => {
        const parsed = parseMessage(octets);
        assert.ok(parsed.ok);
        this.far?.receive({
          message: parsed.message,
          source: this.self,
          local: { address: '0.0.0.0', port: 5060 },
          receivedAt: this.clock.now(),
        });
      });
    }
    return Promise.resolve();
  }

  sentBy(_protocol: TransportProtocol): { host: string; port: number } {
    return { host: this.self.address, port: this.self.port };
  }
}

function pair() {
  const clock = new FakeClock(0);
  const uacPeer: Peer = { protocol: 'udp', address: '192.0.2.1', port: 5060 };
  const uasPeer: Peer = { protocol: 'udp', address: '192.0.2.2', port: 5060 };
  const uacPipe = new PipeEnd(clock, uacPeer);
  const uasPipe = new PipeEnd(clock, uasPeer);
  const uacUser = new RecordingUser();
  const uasUser = new RecordingUser();
  const uac = new TransactionLayer({ transport: uacPipe, clock, user: uacUser });
  const uas = new TransactionLayer({ transport: uasPipe, clock, user: uasUser });
  uacPipe.far = uas;
  uasPipe.far = uac;
  return { clock, uac, uas, uacPipe, uasPipe, uacUser, uasUser, uasPeer };
}

/** Loses the n-th message (counting from 1) that `match` selects. */
function loseNth(n: number, match: (m: SipMessage) => boolean): (m: SipMessage) => boolean {
  let seen = 0;
  return (m) => match(m) && ++seen === n;
}

describe('two transaction layers over lossy UDP', () => {
  it('recover a lost INVITE and a lost 486, and the ACK ends both sides', () => {
    const p = pair();
    p.uacPipe.lose = loseNth(1, (m) => m.kind === 'request' && m.method === 'INVITE');
    p.uasPipe.lose = loseNth(1, (m) => m.kind === 'response' && m.status === 486);
    p.uasUser.answer = (req, tx) =>
      tx.respond(createResponse(req, 486, undefined, { toTag: 'uas' }));
    const tu = recordingClient(p.clock);
    p.uac.sendRequest(outgoing('INVITE'), p.uasPeer, tu);
    p.clock.advance(40_000);
    assert.deepEqual(p.uacPipe.log, ['0 INVITE (lost)', '500 INVITE', '1020 ACK']);
    assert.deepEqual(p.uasPipe.log, ['510 486 (lost)', '1010 486']);
    assert.deepEqual(
      tu.events.map((e) => (e.type === 'response' ? e.status : e.type)),
      [486, 'terminated'],
    );
    assert.equal(p.uasUser.of('request').length, 1);
    assert.deepEqual(p.uac.size, { client: 0, server: 0 });
    assert.deepEqual(p.uas.size, { client: 0, server: 0 });
    assert.equal(p.clock.pendingTimers, 0);
  });

  it('deliver a 2xx whose first copy is lost, by the UAS core retransmitting it until the ACK', () => {
    const p = pair();
    p.uasPipe.lose = loseNth(1, (m) => m.kind === 'response' && m.status === 200);
    const retransmitters: Retransmit2xx[] = [];
    p.uasUser.answer = (req, tx) => {
      const ok = createResponse(req, 200, undefined, { toTag: 'uas' });
      tx.respond(ok);
      retransmitters.push(p.uas.retransmit2xx(tx as InviteServerTransaction, ok, () => {}));
    };
    p.uasUser.onAck = (ack) => {
      for (const r of retransmitters) if (r.matchesAck(ack)) r.acknowledge();
    };
    const tu = recordingClient(p.clock);
    const acked: SipRequest[] = [];
    tu.onResponse = (response) => {
      // The UAC core ACKs each 2xx itself, in a transaction of its own (RFC 3261 13.2.2.4).
      const ack = outgoing('ACK');
      ack.set('To', response.get('to')!);
      ack.set('CSeq', `${response.cseq.seq} ACK`);
      acked.push(ack);
      void p.uac.sendStateless(ack, p.uasPeer);
    };
    p.uac.sendRequest(outgoing('INVITE'), p.uasPeer, tu);
    p.clock.advance(40_000);
    // The INVITE retransmission at 500 is absorbed in Accepted (RFC 6026); the 2xx retransmission at 510 arrives.
    assert.deepEqual(p.uacPipe.log, ['0 INVITE', '500 INVITE', '520 ACK']);
    assert.deepEqual(p.uasPipe.log, ['10 200 (lost)', '510 200']);
    assert.equal(acked.length, 1);
    assert.equal(retransmitters[0]?.state, 'Acknowledged');
    assert.deepEqual(p.uac.size, { client: 0, server: 0 });
    assert.deepEqual(p.uas.size, { client: 0, server: 0 });
    assert.equal(p.clock.pendingTimers, 0);
  });

  it('recover a lost final response to OPTIONS by request retransmission', () => {
    const p = pair();
    p.uasPipe.lose = loseNth(1, (m) => m.kind === 'response');
    p.uasUser.answer = (req, tx) =>
      tx.respond(createResponse(req, 200, undefined, { toTag: 'uas' }));
    const tu = recordingClient(p.clock);
    p.uac.sendRequest(outgoing('OPTIONS'), p.uasPeer, tu);
    p.clock.advance(40_000);
    assert.deepEqual(p.uacPipe.log, ['0 OPTIONS', '500 OPTIONS']);
    assert.deepEqual(p.uasPipe.log, ['10 200 (lost)', '510 200']);
    assert.deepEqual(
      tu.events.map((e) => (e.type === 'response' ? e.status : e.type)),
      [200, 'terminated'],
    );
    assert.deepEqual(p.uac.size, { client: 0, server: 0 });
    assert.deepEqual(p.uas.size, { client: 0, server: 0 });
    assert.equal(p.clock.pendingTimers, 0);
  });

  it('cancel a ringing INVITE: 200 for the CANCEL, 487 for the INVITE, ACK', () => {
    const p = pair();
    p.uasUser.answer = (req, tx) =>
      tx.respond(createResponse(req, 180, undefined, { toTag: 'uas' }));
    p.uasUser.onCancel = (cancel, tx, target) => {
      tx.respond(
        createResponse(cancel, target === undefined ? 481 : 200, undefined, { toTag: 'uas' }),
      );
      target?.respond(createResponse(target.request, 487, undefined, { toTag: 'uas' }));
    };
    const inviteTu = recordingClient(p.clock);
    const cancelTu = recordingClient(p.clock);
    const invite = p.uac.sendRequest(outgoing('INVITE'), p.uasPeer, inviteTu);
    p.clock.advance(100);
    assert.equal(invite.kind === 'invite-client' && p.uac.cancel(invite, cancelTu), 'sent');
    p.clock.advance(40_000);
    assert.deepEqual(p.uacPipe.log, ['0 INVITE', '100 CANCEL', '120 ACK']);
    assert.deepEqual(p.uasPipe.log, ['10 180', '110 200', '110 487']);
    assert.deepEqual(
      inviteTu.events.map((e) => (e.type === 'response' ? e.status : e.type)),
      [180, 487, 'terminated'],
    );
    assert.deepEqual(p.uac.size, { client: 0, server: 0 });
    assert.deepEqual(p.uas.size, { client: 0, server: 0 });
    assert.equal(p.clock.pendingTimers, 0);
  });
});
