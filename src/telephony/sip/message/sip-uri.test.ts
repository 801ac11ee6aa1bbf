// Tests of SIP, SIPS and tel URI parsing, serialization, escapes and RFC 3261 §19.1.4 comparison.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipSyntaxError } from './sip-syntax-error.ts';
import { type SipUri, type TelUri, createSipUri, parseUri, serializeUri } from './sip-uri.ts';
import { uriEquals } from './uri-equals.ts';
import { escapeUri, normalizeEscapes, unescapeUri } from './uri-escape.ts';
import { USER_UNRESERVED } from './char-classes.ts';

function sip(text: string): SipUri {
  const uri = parseUri(text);
  assert.equal(uri.type, 'sip', text);
  return uri;
}

describe('parseUri: sip and sips', () => {
  it('reads every component', () => {
    const uri = sip(
      'sips:alice:secret@atlanta.example.com:5061;transport=tls;lr?subject=project%20x&priority=urgent',
    );
    assert.equal(uri.scheme, 'sips');
    assert.equal(uri.user, 'alice');
    assert.equal(uri.password, 'secret');
    assert.equal(uri.host, 'atlanta.example.com');
    assert.equal(uri.port, 5061);
    assert.deepEqual(
      [...uri.params],
      [
        ['transport', 'tls'],
        ['lr', null],
      ],
    );
    assert.deepEqual(
      [...uri.headers],
      [
        ['subject', 'project%20x'],
        ['priority', 'urgent'],
      ],
    );
  });

  it('takes a host without user, IPv4 and IPv6 references', () => {
    assert.deepEqual(
      [sip('sip:example.com').user, sip('sip:example.com').host, sip('sip:example.com').port],
      [undefined, 'example.com', undefined],
    );
    assert.equal(sip('sip:192.0.2.4:5060').host, '192.0.2.4');
    const v6 = sip('sip:alice@[2001:db8::10]:5070;maddr=[::1]');
    assert.equal(v6.host, '[2001:db8::10]');
    assert.equal(v6.port, 5070);
    assert.equal(v6.params.get('maddr'), '[::1]');
    assert.equal(sip('sip:[::1]').host, '[::1]');
  });

  it('lower-cases the scheme and parameter names, keeps everything else as written', () => {
    const uri = sip('SIP:ALICE@AtLanTa.CoM;Transport=UDP');
    assert.equal(uri.scheme, 'sip');
    assert.equal(uri.user, 'ALICE');
    assert.equal(uri.host, 'AtLanTa.CoM');
    assert.equal(uri.params.get('transport'), 'UDP');
  });

  it('keeps telephone-subscriber users and user-unreserved characters', () => {
    const uri = sip('sip:+1-212-555-1212;isub=1234@gateway.example.com;user=phone');
    assert.equal(uri.user, '+1-212-555-1212;isub=1234');
    assert.equal(uri.params.get('user'), 'phone');
  });

  it('refuses what the grammar does not allow', () => {
    for (const bad of [
      '',
      'sip:',
      'sip:@example.com',
      'sip:alice@',
      'sip:alice@example.com:',
      'sip:alice@example.com:70000',
      'sip:alice@example..com',
      'sip:alice@-example.com',
      'sip:alice@1.2.3.999',
      'sip:alice@[2001:db8::zz]',
      'sip:alice@[fe80::1%25eth0]',
      'sip:alice@example.com;;lr',
      'sip:alice@example.com;transport=udp;transport=tcp',
      'sip:alice@example.com;lr=',
      'sip:al ice@example.com',
      'sip:alice@exa mple.com',
      'sip:alice%2@example.com',
      'sip:alice@example.com?',
      'sip:alice@example.com?a',
      'sip:alice@example.com>',
      '<sip:alice@example.com>',
      '1sip:alice@example.com',
      'http://exa mple.com/',
    ]) {
      assert.throws(() => parseUri(bad), SipSyntaxError, JSON.stringify(bad));
    }
  });
});

describe('parseUri: tel and other schemes', () => {
  it('reads tel URIs (RFC 3966)', () => {
    const global = parseUri('tel:+1-201-555-0123;ext=1234') as TelUri;
    assert.equal(global.type, 'tel');
    assert.equal(global.number, '+1-201-555-0123');
    assert.equal(global.params.get('ext'), '1234');
    const local = parseUri('tel:7042;phone-context=example.com') as TelUri;
    assert.equal(local.number, '7042');
    assert.equal(local.params.get('phone-context'), 'example.com');
    assert.throws(() => parseUri('tel:'), SipSyntaxError);
    assert.throws(() => parseUri('tel:+'), SipSyntaxError);
    assert.throws(() => parseUri('tel:+1x'), SipSyntaxError);
    assert.throws(() => parseUri('tel:+1;;ext=2'), SipSyntaxError);
  });

  it('keeps other absolute URIs opaque', () => {
    assert.deepEqual(parseUri('urn:service:sos'), {
      type: 'other',
      scheme: 'urn',
      opaque: 'service:sos',
    });
    assert.deepEqual(parseUri('HTTP://www.example.com/a?b'), {
      type: 'other',
      scheme: 'http',
      opaque: '//www.example.com/a?b',
    });
  });
});

describe('serializeUri', () => {
  it('round-trips what it parsed', () => {
    for (const text of [
      'sip:alice@atlanta.example.com',
      'sips:alice:pw@[2001:db8::1]:5061;transport=tls;lr?subject=x&priority=urgent',
      'sip:%61lice@example.com;n%61me=v%61lue',
      'tel:+1-201-555-0123;ext=1234',
      'urn:service:sos',
    ]) {
      assert.equal(serializeUri(parseUri(text)), text);
    }
  });

  it('builds URIs from parts', () => {
    const uri = createSipUri({
      user: escapeUri('I have spaces', USER_UNRESERVED),
      host: 'example.net',
      port: 5080,
      params: [['Transport', 'tcp']],
    });
    assert.equal(serializeUri(uri), 'sip:I%20have%20spaces@example.net:5080;transport=tcp');
  });
});

describe('escapes (RFC 3261 §19.1.1)', () => {
  it('decodes once, as UTF-8, and never throws', () => {
    assert.equal(unescapeUri('sips%3Auser%40example.com'), 'sips:user@example.com');
    assert.equal(unescapeUri('v%61lue%25%34%31'), 'value%41');
    assert.equal(unescapeUri('null-%00-null'), 'null-\x00-null');
    assert.equal(unescapeUri('%C3%A9t%C3%A9'), 'été');
    assert.equal(unescapeUri('%E9t%E9'), 'été', 'not UTF-8: read as Latin-1');
    assert.equal(unescapeUri('%Z%45%'), '%ZE%');
  });

  it('normalizes only escapes of unreserved characters', () => {
    assert.equal(normalizeEscapes('%61lice%3b%3B'), 'alice%3B%3B');
  });

  it('encodes what a user part cannot hold', () => {
    assert.equal(escapeUri('alice smith@x', USER_UNRESERVED), 'alice%20smith%40x');
    assert.equal(escapeUri('jörg', USER_UNRESERVED), 'j%C3%B6rg');
  });
});

describe('uriEquals (RFC 3261 §19.1.4)', () => {
  const same = (a: string, b: string): void => {
    assert.ok(uriEquals(parseUri(a), parseUri(b)), `${a} == ${b}`);
    assert.ok(uriEquals(parseUri(b), parseUri(a)), `${b} == ${a}`);
  };
  const differ = (a: string, b: string): void => {
    assert.ok(!uriEquals(parseUri(a), parseUri(b)), `${a} != ${b}`);
    assert.ok(!uriEquals(parseUri(b), parseUri(a)), `${b} != ${a}`);
  };

  it('finds the RFC 3261 §19.1.4 equivalent URIs equal', () => {
    same('sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp');
    same('sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5');
    same('sip:carol@chicago.com', 'sip:carol@chicago.com;security=on');
    same('sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on');
    same(
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    );
    same(
      'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
      'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
    );
  });

  it('finds the RFC 3261 §19.1.4 different URIs different', () => {
    differ('SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP');
    differ('sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060');
    differ('sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp');
    differ('sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp');
    differ('sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting');
    differ('sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4');
    differ('sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off');
  });

  it('never equates sip and sips, or escaped reserved characters with the characters', () => {
    differ('sip:alice@example.com', 'sips:alice@example.com');
    differ('sip:a%3Bb@example.com', 'sip:a;b@example.com');
    differ('sip:alice:x@example.com', 'sip:alice@example.com');
  });

  it('compares tel URIs by RFC 3966 §4', () => {
    same('tel:+1-201-555-0123', 'tel:+1.201.555.0123');
    same('tel:7042;phone-context=EXAMPLE.com', 'tel:7042;phone-context=example.com');
    differ('tel:+12015550123', 'tel:+12015550124');
    differ('tel:+12015550123;ext=1', 'tel:+12015550123');
    differ('tel:+12015550123', 'sip:+12015550123@example.com');
  });

  it('compares other URIs by scheme and escape-normalized text', () => {
    same('urn:service:sos', 'URN:service:sos');
    differ('urn:service:sos', 'urn:service:police');
  });
});
