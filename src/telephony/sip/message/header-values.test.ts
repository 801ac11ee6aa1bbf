// Tests of scalar header values: CSeq, Max-Forwards, Content-Length, Expires, Call-ID, Content-Type, token lists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPACT_FORMS, headerKey } from './header-names.ts';
import {
  parseBoundedInt,
  parseCSeq,
  parseCallId,
  parseContentLength,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
} from './header-values.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';

describe('numbers', () => {
  it('parses bounded integers without losing precision', () => {
    assert.equal(parseBoundedInt('0068', 255), 68);
    assert.equal(parseBoundedInt('0000000000000000000001', 255), 1);
    assert.equal(parseBoundedInt('4294967295', 0xffffffff), 0xffffffff);
    assert.equal(parseBoundedInt('4294967296', 0xffffffff), undefined);
    assert.equal(parseBoundedInt('36893488147419103232', Number.MAX_SAFE_INTEGER), undefined);
    for (const bad of ['', '-1', '+1', '1e3', '0x10', '1 2', ' 1'])
      assert.equal(parseBoundedInt(bad, 1000), undefined, bad);
  });

  it('CSeq: number LWS method, the number up to 2**32-1', () => {
    assert.deepEqual(parseCSeq('0009   INVITE'), { seq: 9, method: 'INVITE' });
    assert.deepEqual(parseCSeq(' 4294967295 NEWMETHOD '), { seq: 4294967295, method: 'NEWMETHOD' });
    for (const bad of [
      'INVITE',
      '1',
      '1INVITE',
      '4294967296 INVITE',
      '-1 INVITE',
      '1 INVITE extra',
      '1 IN,VITE',
    ]) {
      assert.throws(() => parseCSeq(bad), SipSyntaxError, bad);
    }
  });

  it('Max-Forwards 0-255, Content-Length and Expires', () => {
    assert.equal(parseMaxForwards('0'), 0);
    assert.equal(parseMaxForwards('255'), 255);
    assert.throws(() => parseMaxForwards('256'), SipSyntaxError);
    assert.throws(() => parseMaxForwards('seventy'), SipSyntaxError);
    assert.equal(parseContentLength(' 150 '), 150);
    assert.throws(() => parseContentLength('-999'), SipSyntaxError);
    assert.throws(() => parseContentLength('five'), SipSyntaxError);
    assert.equal(parseExpires('3600'), 3600);
    assert.throws(() => parseExpires('1'.repeat(30)), SipSyntaxError);
  });
});

describe('Call-ID, media types and token lists', () => {
  it('Call-ID is word [ "@" word ]', () => {
    assert.equal(
      parseCallId(' a84b4c76e66710@pc33.atlanta.com '),
      'a84b4c76e66710@pc33.atlanta.com',
    );
    assert.equal(
      parseCallId('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{'),
      'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{',
    );
    for (const bad of ['', '@host', 'id@', 'a@b@c', 'two words', 'semi;colon']) {
      assert.throws(() => parseCallId(bad), SipSyntaxError, bad);
    }
  });

  it('media types', () => {
    const t = parseMediaType('Multipart/Mixed ; boundary="7a9c bec"; charset=utf-8');
    assert.equal(t.type, 'multipart');
    assert.equal(t.subtype, 'mixed');
    assert.equal(t.params.get('boundary'), '"7a9c bec"');
    assert.equal(t.params.get('charset'), 'utf-8');
    assert.throws(() => parseMediaType('application'), SipSyntaxError);
    assert.throws(() => parseMediaType('application/sdp junk'), SipSyntaxError);
  });

  it('token lists', () => {
    assert.deepEqual(parseTokenList('replaces, timer ,100rel,,'), ['replaces', 'timer', '100rel']);
    assert.throws(() => parseTokenList('a, b c'), SipSyntaxError);
  });
});

describe('header names', () => {
  it('expands compact forms and ignores case', () => {
    const expected: Record<string, string> = {
      i: 'call-id',
      m: 'contact',
      e: 'content-encoding',
      l: 'content-length',
      c: 'content-type',
      f: 'from',
      s: 'subject',
      k: 'supported',
      t: 'to',
      v: 'via',
      o: 'event',
      u: 'allow-events',
      r: 'refer-to',
      b: 'referred-by',
      x: 'session-expires',
    };
    for (const [letter, key] of Object.entries(expected)) {
      assert.equal(headerKey(letter), key, letter);
      assert.equal(headerKey(letter.toUpperCase()), key, letter.toUpperCase());
      assert.equal(COMPACT_FORMS[letter]?.toLowerCase(), key);
    }
    assert.equal(headerKey('MaX-fOrWaRdS'), 'max-forwards');
    assert.equal(headerKey('CALL-ID'), 'call-id');
    assert.equal(headerKey('X-Custom'), 'x-custom');
  });
});
