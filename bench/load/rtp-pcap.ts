// RTP streams as pcap files for sipp's play_pcap_audio: sipp replays each packet's UDP payload
// at its capture time, from the call's media port to the peer's, so a file holds one phone's
// whole side of a call (audio and RFC 4733 digits in one stream, as a real phone sends them).
import { readFileSync } from 'node:fs';

export interface RtpPacketSpec {
  /** When to send it, from the start of the play. */
  atMs: number;
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

const ETHERNET = 14;
const IPV4 = 20;
const UDP = 8;
const RTP = 12;

/** A pcap file (Ethernet, IPv4, UDP on loopback addresses; sipp rewrites ports and addresses). */
export function rtpPcap(packets: readonly RtpPacketSpec[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0); // microsecond timestamps
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16); // snap length
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const records = packets.map((p) => {
    const frameLength = ETHERNET + IPV4 + UDP + RTP + p.payload.length;
    const record = Buffer.alloc(16 + frameLength);
    const micros = Math.round(p.atMs * 1000);
    record.writeUInt32LE(Math.floor(micros / 1e6), 0);
    record.writeUInt32LE(micros % 1e6, 4);
    record.writeUInt32LE(frameLength, 8);
    record.writeUInt32LE(frameLength, 12);
    const frame = record.subarray(16);
    frame.writeUInt16BE(0x0800, 12); // EtherType IPv4
    const ip = frame.subarray(ETHERNET);
    ip[0] = 0x45;
    ip.writeUInt16BE(IPV4 + UDP + RTP + p.payload.length, 2);
    ip[8] = 64; // TTL
    ip[9] = 17; // UDP
    ip.writeUInt32BE(0x7f000001, 12);
    ip.writeUInt32BE(0x7f000001, 16);
    const udp = ip.subarray(IPV4);
    udp.writeUInt16BE(UDP + RTP + p.payload.length, 4);
    const rtp = udp.subarray(UDP);
    rtp[0] = 0x80;
    rtp[1] = (p.marker ? 0x80 : 0) | p.payloadType;
    rtp.writeUInt16BE(p.sequence & 0xffff, 2);
    rtp.writeUInt32BE(p.timestamp >>> 0, 4);
    rtp.writeUInt32BE(p.ssrc >>> 0, 8);
    rtp.set(p.payload, RTP);
    return record;
  });
  return Buffer.concat([header, ...records]);
}

/** The RTP payloads of a pcap of Ethernet/IPv4/UDP/RTP packets (such as sipp's bundled g711a.pcap). */
export function rtpPayloadsOf(file: string): Buffer[] {
  const data = readFileSync(file);
  if (data.readUInt32LE(0) !== 0xa1b2c3d4 || data.readUInt32LE(20) !== 1)
    throw new Error(`${file}: not a little-endian Ethernet pcap`);
  const payloads: Buffer[] = [];
  for (let offset = 24; offset + 16 <= data.length;) {
    const length = data.readUInt32LE(offset + 8);
    const frame = data.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    const ipHeader = (frame[ETHERNET]! & 0x0f) * 4;
    const rtp = frame.subarray(ETHERNET + ipHeader + UDP);
    const csrcs = rtp[0]! & 0x0f;
    payloads.push(rtp.subarray(RTP + csrcs * 4));
  }
  return payloads;
}
