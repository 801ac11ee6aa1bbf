// The SIP stack's answers at its edges over a real UDP socket: a stateless
// 400 for what does not parse, 405 with Allow for unknown methods, and no
// product banner anywhere.
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

describe('SIP stack edges over UDP', () => {
  let h: SipHotline;
  let socket: Socket;
  const replies: string[] = [];

  before(async () => {
    h = await startSipHotline();
    socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    socket.on('message', (m) => replies.push(m.toString()));
  });
  after(async () => {
    socket.close();
    await h?.dispose();
  });

  async function exchange(text: string): Promise<string> {
    const before = replies.length;
    socket.send(Buffer.from(text.replace(/\n/g, '\r\n')), h.sip.udp, '127.0.0.1');
    const start = Date.now();
    while (replies.length === before) {
      if (Date.now() - start > 3000) throw new Error('no reply');
      await new Promise((r) => setTimeout(r, 5));
    }
    return replies[replies.length - 1]!;
  }

  const port = () => socket.address().port;

  it('answers a request it cannot parse with a stateless 400 naming the fault', async () => {
    const reply = await exchange(
      `INVITE sip:4008001000@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:${port()};branch=z9hG4bKbad1\n` +
        `From: <sip:a@b>;tag=1\nTo: <sip:4008001000@127.0.0.1>\nCall-ID: bad1\nCSeq: one INVITE\nMax-Forwards: 70\nContent-Length: 0\n\n`,
    );
    assert.match(reply, /^SIP\/2\.0 400 /);
    assert.match(reply, /CSeq/i);
    assert.match(reply, /Call-ID: bad1/);
  });

  it('answers an unknown method with 405 and the methods it allows', async () => {
    const reply = await exchange(
      `FROBNICATE sip:hotline@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:${port()};branch=z9hG4bKfrob1\n` +
        `From: <sip:a@b>;tag=1\nTo: <sip:hotline@127.0.0.1>\nCall-ID: frob1\nCSeq: 1 FROBNICATE\nMax-Forwards: 70\nContent-Length: 0\n\n`,
    );
    assert.match(reply, /^SIP\/2\.0 405 Method Not Allowed\r\n/);
    assert.match(reply, /\r\nAllow: [^\r]*REGISTER/);
    assert.doesNotMatch(reply, /\r\n(Server|User-Agent):/i);
  });

  it('answers a request for another SIP version with 505', async () => {
    const reply = await exchange(
      `OPTIONS sip:hotline@127.0.0.1 SIP/7.0\nVia: SIP/2.0/UDP 127.0.0.1:${port()};branch=z9hG4bKv7\n` +
        `From: <sip:a@b>;tag=1\nTo: <sip:hotline@127.0.0.1>\nCall-ID: v7\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n`,
    );
    assert.match(reply, /^SIP\/2\.0 505 /);
  });

  it('answers an INVITE that has no hops left with 483', async () => {
    const reply = await exchange(
      `INVITE sip:9999@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:${port()};branch=z9hG4bKmf0\n` +
        `From: <sip:a@b>;tag=1\nTo: <sip:9999@127.0.0.1>\nCall-ID: mf0\nCSeq: 1 INVITE\nContact: <sip:a@127.0.0.1:${port()}>\nMax-Forwards: 0\nContent-Length: 0\n\n`,
    );
    // 100 Trying may come first; wait for the final answer.
    const start = Date.now();
    while (!replies.some((r) => /^SIP\/2\.0 483 /.test(r)) && Date.now() - start < 3000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(
      replies.some((r) => /^SIP\/2\.0 483 Too Many Hops/.test(r)),
      reply,
    );
  });

  it('keeps serving after garbage', async () => {
    socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0d, 0x0a]), h.sip.udp, '127.0.0.1');
    const reply = await exchange(
      `OPTIONS sip:hotline@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:${port()};branch=z9hG4bKok1\n` +
        `From: <sip:a@b>;tag=1\nTo: <sip:hotline@127.0.0.1>\nCall-ID: ok1\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n`,
    );
    assert.match(reply, /^SIP\/2\.0 200 OK\r\n/);
  });
});
