// INFO (DTMF) and REFER with its NOTIFY progress between two dialog layers (RFC 6086 legacy INFO, RFC 3515, RFC 4488).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InfoReceived, ReferNotifier, ReferReceived } from './session-events.ts';
import { assertClean, established, hangUp, pair } from './dialog-test-kit.ts';

describe('INFO', () => {
  it('carries DTMF as application/dtmf-relay and application/dtmf', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    const heard: InfoReceived[] = [];
    uas.on('info', (info) => heard.push(info));
    const relay = uac.sendDtmf('5', 160);
    const plain = uac.sendInfo('#', 'application/dtmf');
    p.clock.advance(100);
    assert.equal(await relay, 200);
    assert.equal(await plain, 200);
    assert.deepEqual(
      heard.map((h) => [h.contentType, h.dtmf]),
      [
        ['application/dtmf-relay', { digit: '5', durationMs: 160 }],
        ['application/dtmf', { digit: '#', durationMs: undefined }],
      ],
    );
    hangUp(p, uac);
    assertClean(p);
  });

  it('passes other INFO bodies on as they are', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    const heard: InfoReceived[] = [];
    uac.on('info', (info) => heard.push(info));
    const status = uas.sendInfo('{"x":1}', 'application/json');
    p.clock.advance(100);
    assert.equal(await status, 200);
    assert.equal(heard[0]?.body, '{"x":1}');
    assert.equal(heard[0]?.dtmf, undefined);
    hangUp(p, uac);
    assertClean(p);
  });
});

describe('REFER', () => {
  it('is accepted (202), and NOTIFYs report the transfer to the referrer until it ends', () => {
    const p = pair();
    const { uac, uas } = established(p);
    const refers: ReferReceived[] = [];
    let notifier: ReferNotifier | undefined;
    uas.on('refer', (refer) => {
      refers.push(refer);
      notifier = refer.accept();
    });
    const subscription = uac.refer('sip:2000@192.0.2.9', { referredBy: '<sip:1001@192.0.2.1>' });
    const seen: string[] = [];
    subscription.on('accepted', ({ status }) => seen.push(`accepted ${status}`));
    subscription.on('progress', ({ status }) => seen.push(`progress ${status}`));
    subscription.on('ended', ({ reason, status }) => seen.push(`ended ${reason} ${status}`));
    p.clock.advance(100);
    const refer = refers[0]!;
    assert.equal(refer.referTo.uri.type === 'sip' && refer.referTo.uri.user, '2000');
    assert.equal(refer.referredBy, '<sip:1001@192.0.2.1>');
    assert.equal(refer.replaces, undefined);
    notifier!.notify(180);
    p.clock.advance(100);
    notifier!.notify(200);
    p.clock.advance(100);
    assert.equal(notifier!.active, false);
    assert.deepEqual(seen, [
      'accepted 202',
      'progress 100',
      'progress 180',
      'progress 200',
      'ended final 200',
    ]);
    assert.equal(subscription.state, 'terminated');
    const notifies = p.b.pipe.requests('NOTIFY');
    assert.deepEqual(
      notifies.map((n) => [n.get('subscription-state'), n.body.toString()]),
      [
        ['active;expires=180', 'SIP/2.0 100 Trying\r\n'],
        ['active;expires=180', 'SIP/2.0 180 Ringing\r\n'],
        ['terminated;reason=noresource', 'SIP/2.0 200 OK\r\n'],
      ],
    );
    assert.equal(notifies[0]!.get('event'), `refer;id=${p.a.pipe.requests('REFER')[0]!.cseq.seq}`);
    assert.equal(notifies[0]!.get('content-type'), 'message/sipfrag;version=2.0');
    hangUp(p, uac);
    assertClean(p);
  });

  it('carries Replaces for an attended transfer', () => {
    const p = pair();
    const { uac, uas } = established(p);
    const refers: ReferReceived[] = [];
    uas.on('refer', (refer) => {
      refers.push(refer);
      refer.reject();
    });
    const replaces = { callId: 'abc@192.0.2.9', toTag: 't1', fromTag: 'f1', earlyOnly: false };
    const subscription = uac.refer('sip:2000@192.0.2.9', { replaces });
    const ended: string[] = [];
    subscription.on('ended', ({ reason, status }) => ended.push(`${reason} ${status}`));
    p.clock.advance(100);
    assert.deepEqual(refers[0]?.replaces, replaces);
    assert.deepEqual(ended, ['rejected 603']);
    hangUp(p, uac);
    assertClean(p);
  });

  it('is declined with 603 when the owner does not listen', () => {
    const p = pair();
    const { uac } = established(p);
    const subscription = uac.refer('sip:2000@192.0.2.9');
    p.clock.advance(100);
    assert.equal(subscription.state, 'terminated');
    assert.ok(p.b.pipe.log.includes('603'));
    hangUp(p, uac);
    assertClean(p);
  });

  it('honours Refer-Sub: false (RFC 4488): no NOTIFY', () => {
    const p = pair();
    const { uac, uas } = established(p);
    uas.on('refer', (refer) => assert.equal(refer.accept().active, false));
    const subscription = uac.refer('sip:2000@192.0.2.9', { headers: [['Refer-Sub', 'false']] });
    const ended: string[] = [];
    subscription.on('ended', ({ reason }) => ended.push(reason));
    p.clock.advance(100);
    assert.deepEqual(ended, ['no-subscription']);
    assert.equal(p.b.pipe.requests('NOTIFY').length, 0);
    hangUp(p, uac);
    assertClean(p);
  });

  it('ends a subscription that never completes by timeout, on both sides', () => {
    const p = pair({ b: { referTimeoutMs: 10_000 } });
    const { uac, uas } = established(p);
    uas.on('refer', (refer) => void refer.accept());
    const subscription = uac.refer('sip:2000@192.0.2.9');
    const ended: string[] = [];
    subscription.on('ended', ({ reason }) => ended.push(reason));
    p.clock.advance(11_000);
    assert.deepEqual(ended, ['timeout']);
    assert.equal(
      p.b.pipe.requests('NOTIFY').at(-1)?.get('subscription-state'),
      'terminated;reason=timeout',
    );
    hangUp(p, uac);
    assertClean(p);
  });

  it("ends the referrer's subscription when the call ends first", () => {
    const p = pair();
    const { uac, uas } = established(p);
    let notifier: ReferNotifier | undefined;
    uas.on('refer', (refer) => (notifier = refer.accept()));
    const subscription = uac.refer('sip:2000@192.0.2.9');
    const ended: string[] = [];
    subscription.on('ended', ({ reason }) => ended.push(reason));
    p.clock.advance(100);
    hangUp(p, uas);
    assert.deepEqual(ended, ['session-ended']);
    assert.equal(notifier?.active, false);
    assertClean(p);
  });
});
