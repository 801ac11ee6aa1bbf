// RFC 4028 negotiation as a UAS and a UAC, and the running timer's schedule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import {
  type SipMessage,
  type SipRequest,
  type SipResponse,
  parseMessage,
} from '../message/index.ts';
import {
  type SessionTimerSettings,
  defaultSessionTimerSettings,
  negotiateAsUas,
  parseMinSE,
  parseSessionExpires,
  requestTimerHeaders,
  timerFromResponse,
  uasTimerHeaders,
} from './session-expires.ts';
import { SessionTimer } from './session-timer.ts';
import { wire } from './dialog-test-kit.ts';

function message(start: string, headers: string[]): SipMessage {
  const parsed = parseMessage(
    wire(start, [
      'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
      'From: <sip:a@x>;tag=1',
      'To: <sip:b@y>',
      'Call-ID: c',
      `CSeq: 1 INVITE`,
      ...headers,
    ]),
    { requireMaxForwards: false },
  );
  assert.ok(parsed.ok);
  return parsed.message;
}
const invite = (...headers: string[]) => message('INVITE sip:b@y SIP/2.0', headers) as SipRequest;
const ok = (...headers: string[]) => message('SIP/2.0 200 OK', headers) as SipResponse;
const settings = (s: Partial<SessionTimerSettings> = {}) => ({
  ...defaultSessionTimerSettings,
  ...s,
});

describe('Session-Expires and Min-SE', () => {
  it('parses the interval, the refresher and Min-SE, and ignores what is malformed', () => {
    assert.deepEqual(parseSessionExpires(invite('Session-Expires: 1800;refresher=uac')), {
      interval: 1800,
      refresher: 'uac',
    });
    assert.deepEqual(parseSessionExpires(invite('x: 90')), { interval: 90, refresher: undefined });
    assert.equal(parseSessionExpires(invite('Session-Expires: soon')), undefined);
    assert.equal(parseSessionExpires(invite()), undefined);
    assert.equal(parseMinSE(invite('Min-SE: 120')), 120);
    assert.equal(parseMinSE(invite()), undefined);
  });

  describe('as UAS (RFC 4028 §9)', () => {
    const cases: [string, string[], Partial<SessionTimerSettings>, unknown][] = [
      [
        '422 below our Min-SE',
        ['Session-Expires: 60', 'Supported: timer'],
        { minSE: 90 },
        { kind: 'too-small', minSE: 90 },
      ],
      [
        'keeps the UAC refresher',
        ['Session-Expires: 600;refresher=uac', 'Supported: timer'],
        {},
        { kind: 'timer', interval: 600, refresher: 'uac', require: true },
      ],
      [
        'chooses itself when free to',
        ['Session-Expires: 600', 'Supported: timer'],
        {},
        { kind: 'timer', interval: 600, refresher: 'uas', require: true },
      ],
      [
        'lets the UAC refresh when asked to',
        ['Session-Expires: 600', 'Supported: timer'],
        { refresher: 'remote' },
        { kind: 'timer', interval: 600, refresher: 'uac', require: true },
      ],
      [
        'refreshes itself for a UAC without timer support',
        ['Session-Expires: 600;refresher=uac'],
        {},
        { kind: 'timer', interval: 600, refresher: 'uas', require: false },
      ],
      [
        'shortens a long interval to its own',
        ['Session-Expires: 7200', 'Supported: timer'],
        {},
        { kind: 'timer', interval: 1800, refresher: 'uas', require: true },
      ],
      [
        'not below the request Min-SE',
        ['Session-Expires: 7200', 'Min-SE: 3600', 'Supported: timer'],
        {},
        { kind: 'timer', interval: 3600, refresher: 'uas', require: true },
      ],
      [
        'inserts a timer when none was asked',
        ['Supported: timer'],
        {},
        { kind: 'timer', interval: 1800, refresher: 'uas', require: true },
      ],
      ['inserts none when disabled', [], { enabled: false }, { kind: 'none' }],
      [
        'still honours the peer when disabled',
        ['Session-Expires: 7200', 'Supported: timer'],
        { enabled: false },
        { kind: 'timer', interval: 7200, refresher: 'uas', require: true },
      ],
    ];
    for (const [name, headers, s, expected] of cases) {
      it(name, () => assert.deepEqual(negotiateAsUas(invite(...headers), settings(s)), expected));
    }
    it('writes Session-Expires and Require: timer into the 2xx', () => {
      assert.deepEqual(
        uasTimerHeaders({ kind: 'timer', interval: 600, refresher: 'uac', require: true }),
        [
          ['Session-Expires', '600;refresher=uac'],
          ['Require', 'timer'],
        ],
      );
      assert.deepEqual(uasTimerHeaders({ kind: 'none' }), []);
    });
  });

  describe('as UAC (RFC 4028 §7)', () => {
    it('takes the 2xx refresher, or refreshes itself when the UAS lacks Require: timer', () => {
      assert.deepEqual(
        timerFromResponse(ok('Session-Expires: 900;refresher=uas', 'Require: timer')),
        { interval: 900, refresher: 'uas' },
      );
      assert.deepEqual(timerFromResponse(ok('Session-Expires: 900;refresher=uas')), {
        interval: 900,
        refresher: 'uac',
      });
      assert.equal(timerFromResponse(ok()), undefined);
    });
    it('asks with its interval and Min-SE, and refreshes in the terms of the new transaction', () => {
      assert.deepEqual(requestTimerHeaders(settings()), [
        ['Session-Expires', '1800'],
        ['Min-SE', '90'],
      ]);
      assert.deepEqual(requestTimerHeaders(settings({ enabled: false })), []);
      assert.deepEqual(requestTimerHeaders(settings(), { interval: 600, refresher: 'remote' }), [
        ['Session-Expires', '600;refresher=uas'],
        ['Min-SE', '90'],
      ]);
      assert.deepEqual(
        requestTimerHeaders(settings(), { interval: 600, refresher: 'local' }, 700),
        [
          ['Session-Expires', '700;refresher=uac'],
          ['Min-SE', '700'],
        ],
      );
    });
  });
});

describe('SessionTimer', () => {
  it('as refresher: refreshes at half the interval, expires at interval - min(32, interval/3)', () => {
    const clock = new FakeClock(0);
    const log: string[] = [];
    const timer = new SessionTimer(clock, {
      refresh: () => log.push(`refresh ${clock.now()}`),
      expire: () => log.push(`expire ${clock.now()}`),
    });
    timer.start(90, 'local');
    assert.deepEqual([timer.interval, timer.refresher], [90, 'local']);
    clock.advance(100_000);
    assert.deepEqual(log, ['refresh 45000', 'expire 60000']);
    assert.equal(timer.state, 'idle');
    assert.equal(clock.pendingTimers, 0);
  });

  it('as the other side: only expires; a restart pushes the deadline', () => {
    const clock = new FakeClock(0);
    const log: number[] = [];
    const timer = new SessionTimer(clock, {
      refresh: () => assert.fail(),
      expire: () => log.push(clock.now()),
    });
    timer.start(1800, 'remote');
    clock.advance(1_000_000);
    timer.start(1800, 'remote');
    clock.advance(2_000_000);
    assert.deepEqual(log, [1_000_000 + 1_768_000]);
    timer.start(1800, 'remote');
    timer.close();
    assert.equal(timer.state, 'closed');
    timer.start(90, 'local');
    assert.equal(timer.state, 'closed');
    assert.equal(clock.pendingTimers, 0);
  });
});
