// The Dialog: ID, route set (Record-Route reversed for the UAC, as-is for the UAS), remote target and its refresh, CSeq rules, in-dialog requests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type SipMessage,
  type SipRequest,
  type SipResponse,
  parseMessage,
} from '../message/index.ts';
import { Dialog } from './dialog.ts';
import { dialogIdOfRequest, dialogKey } from './dialog-id.ts';
import { flowFirstResolver, peerFromUri } from './next-hop.ts';
import { wire } from './dialog-test-kit.ts';

function parse(text: string): SipMessage {
  const parsed = parseMessage(text, { requireMaxForwards: false });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.reason);
  return parsed.message;
}

const INVITE = parse(
  wire('INVITE sip:bob@192.0.2.2 SIP/2.0', [
    'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
    'Record-Route: <sip:p1.example;lr>',
    'Record-Route: <sip:p2.example;lr;x=1>',
    'Max-Forwards: 70',
    'From: "A" <sip:alice@a.example>;tag=fa',
    'To: <sip:bob@b.example>',
    'Call-ID: c1@a.example',
    'CSeq: 7 INVITE',
    'Contact: <sip:alice@192.0.2.1:5070>',
  ]),
) as SipRequest;

function responseTo(status: number, headers: string[]): SipResponse {
  return parse(
    wire(`SIP/2.0 ${status} X`, [
      'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
      'From: "A" <sip:alice@a.example>;tag=fa',
      'To: <sip:bob@b.example>;tag=tb',
      'Call-ID: c1@a.example',
      'CSeq: 7 INVITE',
      ...headers,
    ]),
  ) as SipResponse;
}

function request(method: string, cseq: number, extra: string[] = []): SipRequest {
  return parse(
    wire(`${method} sip:alice@192.0.2.1:5070 SIP/2.0`, [
      'Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2',
      'From: <sip:bob@b.example>;tag=tb',
      'To: "A" <sip:alice@a.example>;tag=fa',
      'Call-ID: c1@a.example',
      `CSeq: ${cseq} ${method}`,
      ...extra,
    ]),
  ) as SipRequest;
}

describe('Dialog', () => {
  it('as UAS: route set as Record-Route is, target from Contact, remote CSeq from the INVITE', () => {
    const dialog = Dialog.asUas(INVITE, 'tb', 'early');
    assert.deepEqual(dialog.id, { callId: 'c1@a.example', localTag: 'tb', remoteTag: 'fa' });
    assert.equal(dialog.state, 'early');
    assert.deepEqual(
      dialog.routeSet.map((r) => r.value),
      ['<sip:p1.example;lr>', '<sip:p2.example;lr;x=1>'],
    );
    assert.equal(dialog.remoteTarget.type === 'sip' && dialog.remoteTarget.port, 5070);
    assert.equal(dialog.remoteSeq, 7);
    assert.equal(dialog.localSeq, undefined);
    assert.equal(dialog.localAddress, '<sip:bob@b.example>;tag=tb');
    assert.equal(dialog.remoteAddress, '"A" <sip:alice@a.example>;tag=fa');
    const bye = dialog.createRequest('BYE');
    assert.deepEqual(bye.getAll('route'), ['<sip:p1.example;lr>', '<sip:p2.example;lr;x=1>']);
    assert.equal(bye.get('from'), '<sip:bob@b.example>;tag=tb');
    assert.equal(bye.get('to'), '"A" <sip:alice@a.example>;tag=fa');
    assert.equal(bye.get('max-forwards'), '70');
    assert.ok(bye.cseq.seq >= 1 && bye.cseq.seq < 2 ** 31);
    assert.equal(dialog.createRequest('INFO').cseq.seq, bye.cseq.seq + 1);
  });

  it('as UAC: route set is Record-Route reversed, recomputed from the 2xx', () => {
    const early = responseTo(180, [
      'Record-Route: <sip:p2.example;lr>, <sip:p1.example;lr>',
      'Contact: <sip:bob@192.0.2.2:5080>',
    ]);
    const dialog = Dialog.asUac(INVITE, early);
    assert.equal(dialog.state, 'early');
    assert.deepEqual(
      dialog.routeSet.map((r) => r.value),
      ['<sip:p1.example;lr>', '<sip:p2.example;lr>'],
    );
    assert.equal(dialog.localSeq, 7);
    assert.equal(dialog.remoteSeq, undefined);
    assert.ok(dialog.provisional(responseTo(183, ['Contact: <sip:bob@192.0.2.2:5081>'])));
    assert.equal(dialog.remoteTarget.type === 'sip' && dialog.remoteTarget.port, 5081);
    const ok = responseTo(200, [
      'Record-Route: <sip:p3.example;lr>',
      'Contact: <sip:bob@192.0.2.2:5090>',
    ]);
    assert.ok(dialog.confirm(ok));
    assert.equal(dialog.state, 'confirmed');
    assert.deepEqual(
      dialog.routeSet.map((r) => r.value),
      ['<sip:p3.example;lr>'],
    );
    const ack = dialog.createAck(7);
    assert.equal(ack.get('cseq'), '7 ACK');
    assert.equal(ack.uri.type === 'sip' && ack.uri.port, 5090);
    assert.deepEqual(ack.getAll('route'), ['<sip:p3.example;lr>']);
    assert.equal(dialog.createRequest('BYE').cseq.seq, 8);
    assert.equal(dialog.confirm(ok), false, 'a confirmed dialog is not confirmed again');
  });

  it('applies RFC 3261 §12.2.2 to the remote CSeq: only a higher number is in order', () => {
    const dialog = Dialog.asUas(INVITE, 'tb', 'confirmed');
    assert.equal(dialog.acceptRemoteSeq(request('INFO', 7)), false, 'equal');
    assert.equal(dialog.acceptRemoteSeq(request('INFO', 6)), false, 'lower');
    assert.equal(dialog.acceptRemoteSeq(request('INFO', 9)), true);
    assert.equal(dialog.remoteSeq, 9);
    assert.equal(dialog.acceptRemoteSeq(request('INFO', 8)), false);
    const uac = Dialog.asUac(INVITE, responseTo(200, ['Contact: <sip:bob@192.0.2.2>']));
    assert.equal(uac.acceptRemoteSeq(request('BYE', 1)), true, 'an empty remote CSeq takes any');
  });

  it('moves the remote target on a target refresh, never the route set', () => {
    const dialog = Dialog.asUas(INVITE, 'tb', 'confirmed');
    assert.ok(dialog.refreshTarget(request('INVITE', 8, ['Contact: <sip:alice@192.0.2.77>'])));
    assert.equal(dialog.remoteTarget.type === 'sip' && dialog.remoteTarget.host, '192.0.2.77');
    assert.ok(dialog.refreshTarget(request('UPDATE', 9)), 'no Contact leaves the target');
    assert.equal(dialog.remoteTarget.type === 'sip' && dialog.remoteTarget.host, '192.0.2.77');
    assert.equal(dialog.routeSet.length, 2);
    assert.ok(dialog.terminate());
    assert.equal(dialog.refreshTarget(request('UPDATE', 10)), false);
  });

  it('refuses to build requests through a strict router', () => {
    const strict = parse(
      wire('INVITE sip:bob@192.0.2.2 SIP/2.0', [
        'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1',
        'Record-Route: <sip:old.example>',
        'From: <sip:alice@a.example>;tag=fa',
        'To: <sip:bob@b.example>',
        'Call-ID: c2',
        'CSeq: 1 INVITE',
        'Contact: <sip:alice@192.0.2.1>',
      ]),
    ) as SipRequest;
    const dialog = Dialog.asUas(strict, 'tb', 'confirmed');
    assert.throws(() => dialog.createRequest('BYE'), { code: 'invalid-input' });
  });

  it('names the next hop: the first Route, else the remote target', () => {
    const flow = {
      protocol: 'tcp' as const,
      address: '203.0.113.1',
      port: 5060,
      connectionId: 'c9',
    };
    const withRoutes = Dialog.asUas(INVITE, 'tb', 'confirmed').nextHop('BYE', flow);
    assert.equal(withRoutes.viaRoute, true);
    assert.equal(withRoutes.uri.type === 'sip' && withRoutes.uri.host, 'p1.example');
    const direct = Dialog.asUac(
      INVITE,
      responseTo(200, ['Contact: <sip:bob@192.0.2.2:5090>']),
    ).nextHop('BYE', undefined);
    assert.equal(direct.viaRoute, false);
    assert.deepEqual(flowFirstResolver(direct), {
      protocol: 'udp',
      address: '192.0.2.2',
      port: 5090,
    });
    assert.deepEqual(flowFirstResolver(withRoutes), flow);
  });

  it('files dialogs by Call-ID and tags, seen from the receiving side', () => {
    const id = dialogIdOfRequest(request('BYE', 9));
    assert.ok(id !== undefined);
    assert.deepEqual(id, { callId: 'c1@a.example', localTag: 'fa', remoteTag: 'tb' });
    assert.equal(
      dialogKey(id),
      dialogKey(Dialog.asUac(INVITE, responseTo(200, ['Contact: <sip:b@192.0.2.2>'])).id),
    );
    assert.equal(dialogIdOfRequest(INVITE), undefined);
  });
});

describe('peerFromUri', () => {
  const cases: [string, unknown][] = [
    ['sip:a@192.0.2.5', { protocol: 'udp', address: '192.0.2.5', port: 5060 }],
    ['sip:a@192.0.2.5:5070;transport=tcp', { protocol: 'tcp', address: '192.0.2.5', port: 5070 }],
    ['sips:a@192.0.2.5', { protocol: 'tls', address: '192.0.2.5', port: 5061 }],
    [
      'sip:a@[2001:db8::1]:5080;transport=ws',
      { protocol: 'ws', address: '2001:db8::1', port: 5080 },
    ],
    ['sip:a@host.example;maddr=192.0.2.9', { protocol: 'udp', address: '192.0.2.9', port: 5060 }],
    ['sip:a@host.example', undefined],
    ['sip:a@192.0.2.5;transport=sctp', undefined],
    ['tel:+15551234', undefined],
  ];
  for (const [uri, peer] of cases) {
    it(`${uri} → ${JSON.stringify(peer)}`, () => {
      const parsed = parseMessage(
        wire(`OPTIONS ${uri} SIP/2.0`, [
          'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
          'From: <sip:x@y>;tag=1',
          'To: <sip:x@y>',
          'Call-ID: z',
          'CSeq: 1 OPTIONS',
        ]),
        { requireMaxForwards: false },
      );
      assert.ok(parsed.ok && parsed.message.kind === 'request');
      assert.deepEqual(peerFromUri(parsed.message.uri), peer);
    });
  }
});
