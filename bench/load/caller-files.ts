// The load callers' files: one RTP stream per IVR path as a pcap (keys, then the caller's voice),
// sipp's caller scenario, and the injection file naming each call's number and path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callerMedia } from './caller-media.ts';
import {
  callerMix,
  callerPaths,
  callerNumber,
  callerScenario,
  ivrMsOf,
  keyTimesMs,
} from './caller-scenario.ts';
import type { LoadOptions } from './load-options.ts';
import { rtpPayloadsOf, rtpPcap } from './rtp-pcap.ts';

const SIPP_AUDIO = '/usr/share/sip-tester/g711a.pcap';
export const TELEPHONE_EVENT = 101;

/** The callers' streams (one pcap per path), their scenario and their injection file. */
export function writeCallerFiles(
  dir: string,
  options: Pick<LoadOptions, 'stay'>,
  calls: number,
): { scenario: string; csv: string } {
  const voice = Buffer.concat(rtpPayloadsOf(SIPP_AUDIO));
  const pcapOf = (queue: string) => join(dir, `caller-${queue}.pcap`);
  callerPaths.forEach((path, i) => {
    const ivrMs = ivrMsOf(path);
    const packets = callerMedia({
      keys: path.keys.map((key, k) => ({ key, atMs: keyTimesMs[k]! })),
      voiceFromMs: ivrMs,
      endMs: ivrMs + options.stay.max * 1000 + 2000,
      voice,
      telephoneEventType: TELEPHONE_EVENT,
      ssrc: 0x10203040 + i,
    });
    writeFileSync(pcapOf(path.queue), rtpPcap(packets));
  });
  const scenario = join(dir, 'caller.xml');
  writeFileSync(
    scenario,
    callerScenario({
      pcapOf: (p) => pcapOf(p.queue),
      stayMs: { min: options.stay.min * 1000, max: options.stay.max * 1000 },
      telephoneEventType: TELEPHONE_EVENT,
    }),
  );
  const csv = join(dir, 'callers.csv');
  const rows = Array.from(
    { length: calls },
    (_, i) => `${callerNumber(i)};${callerMix[i % callerMix.length]!.queue}`,
  );
  writeFileSync(csv, ['SEQUENTIAL', ...rows].join('\n') + '\n');
  return { scenario, csv };
}
