// SIP over TLS end to end: the real server with a self-signed certificate made by openssl at
// test time, and a client over node:tls (sipp here has no TLS). OPTIONS, REGISTER with digest
// authentication and the binding in the API, a call whose BYE comes back over the same
// connection, a malformed message answered 400 on a connection that keeps serving, and IPv6.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { connect, type TLSSocket } from 'node:tls';
import { DigestClient } from '../../src/telephony/sip/auth/index.ts';
import {
  SipStreamFramer,
  parseMessage,
  type SipMessage,
  type SipResponse,
} from '../../src/telephony/sip/message/index.ts';
import {
  hasIpv6Loopback,
  selfSignedCertificate,
  type TestCertificate,
} from '../support/tls-certificate.ts';
import { hotlineApi } from '../support/hotline-api.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

/** A SIP peer over one TLS connection that trusts exactly the test certificate. */
class TlsSipClient {
  /** What came, parsed where it parses (a 400 echoes the fault it answers, so it may not). */
  readonly #inbox: { raw: string; message: SipMessage | undefined }[] = [];
  readonly #framer = new SipStreamFramer();
  #sequence = 0;

  private constructor(readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.#framer.push(chunk)) {
        if (event.type !== 'message') continue;
        const parsed = parseMessage(event.data, { transport: 'stream' });
        this.#inbox.push({
          raw: event.data.toString(),
          message: parsed.ok ? parsed.message : undefined,
        });
      }
    });
  }

  static async open(host: string, port: number, ca: Buffer): Promise<TlsSipClient> {
    const socket = connect({ host, port, ca });
    await once(socket, 'secureConnect');
    return new TlsSipClient(socket);
  }

  /** A fresh branch, Call-ID or tag. */
  unique(prefix: string): string {
    return `${prefix}${process.pid}x${++this.#sequence}`;
  }

  /** Sends a message given as lines (without Content-Length) and an optional body. */
  send(lines: string[], body = ''): void {
    this.socket.write(
      `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  /** The first message not yet taken that `match` accepts, waiting for it to arrive. */
  async take(match: (m: SipMessage) => boolean, what: string): Promise<SipMessage> {
    return (await this.takeRaw((raw, m) => m !== undefined && match(m), what)).message!;
  }

  /** The same for messages as text, parsed or not. */
  async takeRaw(
    match: (raw: string, message: SipMessage | undefined) => boolean,
    what: string,
  ): Promise<{ raw: string; message: SipMessage | undefined }> {
    const start = Date.now();
    for (;;) {
      const at = this.#inbox.findIndex((e) => match(e.raw, e.message));
      if (at >= 0) return this.#inbox.splice(at, 1)[0]!;
      if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async response(status: number, callId: string): Promise<SipResponse> {
    const message = await this.take(
      (m) => m.kind === 'response' && m.status === status && m.get('Call-ID') === callId,
      `${status} for ${callId}`,
    );
    return message as SipResponse;
  }

  close(): void {
    this.socket.destroy();
  }
}

function options(client: TlsSipClient, host: string): { lines: string[]; callId: string } {
  const callId = client.unique('opt');
  return {
    callId,
    lines: [
      `OPTIONS sip:hotline@${host} SIP/2.0`,
      `Via: SIP/2.0/TLS client.invalid;branch=z9hG4bK${client.unique('b')};rport`,
      'Max-Forwards: 70',
      `From: <sip:probe@client.invalid>;tag=${client.unique('t')}`,
      `To: <sip:hotline@${host}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 OPTIONS',
    ],
  };
}

describe('SIP over TLS', () => {
  let certificate: TestCertificate;
  let h: SipHotline;
  let client: TlsSipClient;

  before(async () => {
    certificate = selfSignedCertificate();
    h = await startSipHotline({
      HOTLINE_SIP_TRANSPORTS: 'udp,tcp,tls',
      HOTLINE_SIP_TLS_CERT: certificate.certFile,
      HOTLINE_SIP_TLS_KEY: certificate.keyFile,
      HOTLINE_ANSWER_TEST_SECONDS: '0',
    });
    await h.addExtension('1001', 'tls-password-1001');
    assert.ok(h.sip.tls > 0, 'listening on TLS');
    client = await TlsSipClient.open('127.0.0.1', h.sip.tls, certificate.cert);
  });
  after(async () => {
    client?.close();
    await h?.dispose();
    certificate?.dispose();
  });

  it('answers OPTIONS with 200, the Via saying TLS and where the request came from', async () => {
    const { lines, callId } = options(client, '127.0.0.1');
    client.send(lines);
    const response = await client.response(200, callId);
    const via = response.topVia!;
    assert.equal(via.transport, 'TLS');
    assert.equal(via.received, '127.0.0.1');
    assert.equal(via.rport, client.socket.localPort);
    assert.match(response.get('Allow') ?? '', /REGISTER/);
    assert.equal(response.get('Server'), undefined, 'no banner');
    // Requests Hotline sends over TLS say so, with the TLS port.
    assert.deepEqual(h.hotline.telephony.stack.transport.sentBy('tls'), {
      host: '127.0.0.1',
      port: h.sip.tls,
    });
  });

  it('registers an extension with digest authentication; the API shows the binding on tls', async () => {
    const digest = new DigestClient({
      credentials: { username: '1001', password: 'tls-password-1001' },
    });
    const callId = client.unique('reg');
    const tag = client.unique('t');
    const requestUri = 'sip:127.0.0.1';
    const register = (cseq: number, authorization?: string) => [
      `REGISTER ${requestUri} SIP/2.0`,
      `Via: SIP/2.0/TLS client.invalid;branch=z9hG4bK${client.unique('b')};rport`,
      'Max-Forwards: 70',
      `From: <sip:1001@127.0.0.1>;tag=${tag}`,
      'To: <sip:1001@127.0.0.1>',
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      'Contact: <sip:1001@client.invalid;transport=tls>',
      'Expires: 300',
      'User-Agent: tls-e2e',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
    ];
    client.send(register(1));
    const challenge = await client.response(401, callId);
    const answer = digest.authorize({
      challenges: challenge.getAll('WWW-Authenticate'),
      method: 'REGISTER',
      requestUri,
    });
    assert.ok(answer.ok, JSON.stringify(answer));
    client.send(register(2, answer.authorizations[0]!.value));
    const ok = await client.response(200, callId);
    assert.match(ok.get('Contact') ?? '', /transport=tls/);

    const api = hotlineApi(h.http);
    const cookie = await api.login('admin', h.adminPassword);
    const { status, body } = await api.call(cookie, 'GET', '/api/v1/registrations?extension=1001');
    assert.equal(status, 200);
    const registrations = body.registrations as {
      transport: string;
      source: string;
      userAgent: string;
    }[];
    assert.equal(registrations.length, 1, JSON.stringify(registrations));
    assert.equal(registrations[0]!.transport, 'tls');
    assert.equal(registrations[0]!.source, `127.0.0.1:${client.socket.localPort}`);
    assert.equal(registrations[0]!.userAgent, 'tls-e2e');
  });

  it('answers a sips call with a sips Contact on TLS, and sends its BYE back over the same connection', async () => {
    const digest = new DigestClient({
      credentials: { username: '1001', password: 'tls-password-1001' },
    });
    const callId = client.unique('call');
    const tag = client.unique('t');
    const target = `sips:9999@127.0.0.1:${h.sip.tls}`;
    const sdp =
      'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n' +
      'm=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n';
    const head = (method: string, cseq: number, branch: string) => [
      `${method} ${target} SIP/2.0`,
      `Via: SIP/2.0/TLS client.invalid;branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: <sips:1001@127.0.0.1>;tag=${tag}`,
      `To: <${target}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
    ];
    const contact = 'Contact: <sips:1001@client.invalid;transport=tls>';
    const firstBranch = `z9hG4bK${client.unique('b')}`;
    client.send([...head('INVITE', 1, firstBranch), contact, 'Content-Type: application/sdp'], sdp);
    const challenge = await client.response(401, callId);
    // RFC 3261 §17.1.1.3: the ACK of a non-2xx shares the INVITE's branch and carries its To tag.
    client.send([
      ...head('ACK', 1, firstBranch).filter((l) => !l.startsWith('To:')),
      `To: ${challenge.get('To')}`,
    ]);
    const answer = digest.authorize({
      challenges: challenge.getAll('WWW-Authenticate'),
      method: 'INVITE',
      requestUri: target,
    });
    assert.ok(answer.ok, JSON.stringify(answer));
    client.send(
      [
        ...head('INVITE', 2, `z9hG4bK${client.unique('b')}`),
        contact,
        `Authorization: ${answer.authorizations[0]!.value}`,
        'Content-Type: application/sdp',
      ],
      sdp,
    );
    const ok = await client.response(200, callId);
    // RFC 3261 §12.1.1: a dialog formed by a sips Request-URI gets a sips Contact.
    assert.match(ok.get('Contact') ?? '', /^<sips:[^>]*;transport=tls>/);
    const ack = [
      `ACK ${target} SIP/2.0`,
      `Via: SIP/2.0/TLS client.invalid;branch=z9hG4bK${client.unique('b')};rport`,
      'Max-Forwards: 70',
      `From: <sips:1001@127.0.0.1>;tag=${tag}`,
      `To: ${ok.get('To')}`,
      `Call-ID: ${callId}`,
      'CSeq: 2 ACK',
    ];
    client.send(ack);
    // The answer test hangs up at once (HOTLINE_ANSWER_TEST_SECONDS=0): its BYE comes to us.
    const bye = await client.take(
      (m) => m.kind === 'request' && m.method === 'BYE' && m.get('Call-ID') === callId,
      'the BYE',
    );
    assert.equal(bye.topVia!.transport, 'TLS');
    assert.equal(bye.topVia!.port, h.sip.tls);
    const byeResponse = [
      'SIP/2.0 200 OK',
      ...bye.getAll('Via').map((v) => `Via: ${v}`),
      `From: ${bye.get('From')}`,
      `To: ${bye.get('To')}`,
      `Call-ID: ${callId}`,
      `CSeq: ${bye.get('CSeq')}`,
    ];
    client.send(byeResponse);
  });

  it('answers a malformed request with 400, and the connection still serves', async () => {
    const callId = client.unique('bad');
    client.send([
      `OPTIONS sip:hotline@127.0.0.1 SIP/2.0`,
      `Via: SIP/2.0/TLS client.invalid;branch=z9hG4bK${client.unique('b')};rport`,
      'Max-Forwards: 70',
      `From: <sip:probe@client.invalid>;tag=${client.unique('t')}`,
      'To: <sip:hotline@127.0.0.1>',
      `Call-ID: ${callId}`,
      'CSeq: one OPTIONS',
    ]);
    const { raw: rejected } = await client.takeRaw((raw) => raw.includes(callId), 'the 400');
    assert.match(rejected, /^SIP\/2\.0 400 /);
    assert.match(rejected, /\r\nVia: SIP\/2\.0\/TLS /);
    const { lines, callId: again } = options(client, '127.0.0.1');
    client.send(lines);
    await client.response(200, again);
    assert.ok(!client.socket.destroyed);
  });
});

describe('SIP over TLS on IPv6', () => {
  let certificate: TestCertificate | undefined;
  let h: SipHotline | undefined;
  let ipv6 = false;

  before(async () => {
    ipv6 = await hasIpv6Loopback();
    if (!ipv6) return;
    certificate = selfSignedCertificate();
    h = await startSipHotline({
      HOTLINE_SIP_HOST: '::',
      HOTLINE_SIP_ADVERTISED_HOST: '::1',
      HOTLINE_SIP_TRANSPORTS: 'tls',
      HOTLINE_SIP_TLS_CERT: certificate.certFile,
      HOTLINE_SIP_TLS_KEY: certificate.keyFile,
    });
  });
  after(async () => {
    await h?.dispose();
    certificate?.dispose();
  });

  it('listens on :: and answers OPTIONS from ::1', async (t) => {
    if (!ipv6 || !h || !certificate) return t.skip('no IPv6 loopback here');
    const client = await TlsSipClient.open('::1', h.sip.tls, certificate.cert);
    try {
      const { lines, callId } = options(client, '[::1]');
      client.send(lines);
      const response = await client.response(200, callId);
      assert.equal(response.topVia!.transport, 'TLS');
      assert.equal(response.topVia!.received, '::1');
      assert.deepEqual(h.hotline.telephony.stack.transport.sentBy('tls'), {
        host: '[::1]',
        port: h.sip.tls,
      });
    } finally {
      client.close();
    }
  });
});
