// One caller's side of a call as a single RTP stream (PCMA, 20 ms): silence while listening to
// the IVR, each key as an RFC 4733 event at its time (audio paused meanwhile, RFC 4733 §2.5.1.2),
// then the caller's voice until the end. One SSRC and one sequence, as a phone sends it; every
// event has its own timestamp, which receivers use to tell a new key from a repeated packet.
import type { RtpPacketSpec } from './rtp-pcap.ts';

const PCMA = 8;
const FRAME_MS = 20;
const FRAME_SAMPLES = 160;
/** A-law encoding of zero. */
const ALAW_SILENCE = 0xd5;
const KEY_MS = 160;
const END_PACKETS = 3;
const EVENTS = '0123456789*#';

export interface CallerMedia {
  /** Keys and when they are pressed, from the start of the stream. */
  keys: { atMs: number; key: string }[];
  /** When the caller starts speaking (after the last key). */
  voiceFromMs: number;
  /** When the stream ends (the caller hangs up before, normally). */
  endMs: number;
  /** A-law audio the caller speaks, looped; 160 bytes a frame. */
  voice: Uint8Array;
  telephoneEventType: number;
  ssrc: number;
}

export function callerMedia(media: CallerMedia): RtpPacketSpec[] {
  const packets: RtpPacketSpec[] = [];
  let sequence = media.ssrc & 0x7fff;
  let timestamp = media.ssrc >>> 8;
  const silence = new Uint8Array(FRAME_SAMPLES).fill(ALAW_SILENCE);
  const keys = [...media.keys].sort((a, b) => a.atMs - b.atMs);
  let voiceOffset = 0;
  let marker = true;
  for (let atMs = 0; atMs < media.endMs;) {
    const key = keys[0];
    if (key && atMs >= key.atMs) {
      keys.shift();
      const event = EVENTS.indexOf(key.key);
      if (event < 0) throw new Error(`not a DTMF key: ${key.key}`);
      const frames = KEY_MS / FRAME_MS;
      for (let i = 1; i <= frames + END_PACKETS - 1; i++) {
        const end = i >= frames;
        const payload = new Uint8Array(4);
        payload[0] = event;
        payload[1] = (end ? 0x80 : 0) | 10; // -10 dBm0
        const duration = Math.min(i, frames) * FRAME_SAMPLES;
        payload[2] = duration >> 8;
        payload[3] = duration & 0xff;
        packets.push({
          atMs: atMs + Math.min(i, frames) * FRAME_MS,
          payloadType: media.telephoneEventType,
          marker: i === 1,
          sequence: sequence++,
          timestamp,
          ssrc: media.ssrc,
          payload,
        });
      }
      atMs += KEY_MS;
      timestamp += frames * FRAME_SAMPLES;
      marker = true;
      continue;
    }
    let payload: Uint8Array = silence;
    if (atMs >= media.voiceFromMs && media.voice.length >= FRAME_SAMPLES) {
      if (voiceOffset + FRAME_SAMPLES > media.voice.length) voiceOffset = 0;
      payload = media.voice.subarray(voiceOffset, voiceOffset + FRAME_SAMPLES);
      voiceOffset += FRAME_SAMPLES;
    }
    packets.push({
      atMs,
      payloadType: PCMA,
      marker,
      sequence: sequence++,
      timestamp,
      ssrc: media.ssrc,
      payload,
    });
    marker = false;
    atMs += FRAME_MS;
    timestamp += FRAME_SAMPLES;
  }
  return packets;
}
