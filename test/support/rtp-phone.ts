// The caller's phone for end-to-end tests: the RTP side of a call whose SIP
// side sipp plays. It sends silence every 20 ms like a real phone, presses
// digits as RFC 4733 events, and logs when audio from Hotline arrives.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { linearToUlaw, ulawToLinear } from '../../src/telephony/media/g711.ts';

const PT_PCMU = 0;
const PT_EVENT = 101;

/**
 * The caller's phone: sends silence (or a tone, to tell who hears whom) every 20 ms like a real
 * one, DTMF on demand, and logs what it hears.
 */
export class Phone {
  readonly socket: Socket = createSocket('udp4');
  /** Arrival times (ms) of audio packets from Hotline. */
  readonly heard: number[] = [];
  /** What arrived, decoded, with the arrival time of each 20 ms packet. */
  readonly #received: { at: number; samples: Int16Array }[] = [];
  readonly #toneHz: number | undefined;
  #phase = 0;

  constructor(options: { toneHz?: number } = {}) {
    this.#toneHz = options.toneHz;
  }
  #remote: RemoteInfo | undefined;
  #seq = 1;
  #ts = 0;
  #timer: NodeJS.Timeout | undefined;
  #sendingEvent = false;

  async open(): Promise<number> {
    this.socket.on('message', (data, rinfo) => {
      if (data.length < 12 || (data[1]! & 0x7f) !== PT_PCMU) return;
      // Symmetric RTP: answer where the audio comes from.
      this.#remote ??= rinfo;
      const at = performance.now();
      this.heard.push(at);
      const samples = new Int16Array(data.length - 12);
      for (let i = 12; i < data.length; i++) samples[i - 12] = ulawToLinear(data[i]!);
      this.#received.push({ at, samples });
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    this.#timer = setInterval(() => {
      if (this.#remote && !this.#sendingEvent) this.#send(PT_PCMU, this.#frame(), false);
      this.#ts += 160;
    }, 20);
    return this.socket.address().port;
  }

  /** Heard anything at all yet (the first prompt). */
  get connected(): boolean {
    return this.#remote !== undefined;
  }

  /** One digit as RFC 4733 events: three updates, three end packets (RFC 4733 §2.5.1.4). */
  async press(digit: string): Promise<void> {
    const event = digit === '*' ? 10 : digit === '#' ? 11 : Number(digit);
    this.#sendingEvent = true;
    const ts = this.#ts;
    for (let i = 1; i <= 6; i++) {
      const end = i > 3;
      const payload = Buffer.alloc(4);
      payload[0] = event;
      payload[1] = (end ? 0x80 : 0) | 10;
      payload.writeUInt16BE(Math.min(i, 4) * 160, 2);
      this.#send(PT_EVENT, payload, i === 1, ts);
      await sleep(20);
    }
    this.#sendingEvent = false;
    await sleep(80);
  }

  /** The audio that arrived from `from` (performance.now() ms) on, joined. */
  samplesSince(from: number, to = Infinity): Int16Array {
    const parts = this.#received.filter((p) => p.at >= from && p.at < to);
    const out = new Int16Array(parts.reduce((n, p) => n + p.samples.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p.samples, offset);
      offset += p.samples.length;
    }
    return out;
  }

  /** 20 ms of what this phone says: silence, or its tone (phase kept across frames). */
  #frame(): Buffer {
    if (this.#toneHz === undefined) return Buffer.alloc(160, 0xff);
    const frame = Buffer.alloc(160);
    const step = (2 * Math.PI * this.#toneHz) / 8000;
    for (let i = 0; i < 160; i++) {
      frame[i] = linearToUlaw(Math.round(6000 * Math.sin(this.#phase)));
      this.#phase += step;
    }
    return frame;
  }

  close(): void {
    clearInterval(this.#timer);
    this.socket.close();
  }

  #send(pt: number, payload: Buffer, marker: boolean, ts = this.#ts): void {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | pt;
    header.writeUInt16BE(this.#seq++ & 0xffff, 2);
    header.writeUInt32BE(ts >>> 0, 4);
    header.writeUInt32BE(0x1234abcd, 8);
    const remote = this.#remote!;
    this.socket.send(Buffer.concat([header, payload]), remote.port, remote.address);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
