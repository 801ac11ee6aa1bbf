// The load benchmark's callers: the ways through the demo IVR into its queues, when each key is
// pressed, how long the IVR part lasts, and the sipp scenario that dials the hotline, plays the caller's stream for the path
// its injection row names, stays, and hangs up. Generated because sipp reads pause lengths and
// pcap files when it loads a scenario, not per call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWavInfo } from '../../src/telephony/index.ts';

/** A way through the demo flow (src/callcenter/ivr/flows/demo-hotline.json) into a queue. */
export interface CallerPath {
  queue: string;
  /** Keys after the welcome: the language (1: Chinese), the main menu, a sub-menu. */
  keys: string[];
  /** What the queue node plays before the call waits (prompts/zh/<name>.wav). */
  queuePrompt: string;
  /** Calls of every ten that take it. */
  share: number;
}

const promptsDir = fileURLToPath(new URL('../../prompts/zh/', import.meta.url));

export const callerPaths: readonly CallerPath[] = [
  { queue: 'flights', keys: ['1', '1', '2'], queuePrompt: 'transferring', share: 4 },
  { queue: 'hotels', keys: ['1', '2'], queuePrompt: 'hotels-intro', share: 2 },
  { queue: 'travel', keys: ['1', '3'], queuePrompt: 'travel-intro', share: 2 },
  { queue: 'complaints', keys: ['1', '4'], queuePrompt: 'complaints-intro', share: 1 },
  { queue: 'general', keys: ['1', '0'], queuePrompt: 'transferring', share: 1 },
];

/**
 * When each key is pressed, from the answer. The welcome (3.3 s) does not take keys, so the
 * first comes 2 s into the language prompt that follows, leaving 2 s for a late start under
 * load; then the caller listens to 6 s of the main menu (12.4 s) and 4 s of the flights menu
 * (9.3 s) before choosing, as callers who listen to the options do. A key pressed early is
 * typed ahead (the menus take barge-in), so only the first key's time is tight.
 */
export const keyTimesMs: readonly number[] = [5300, 11300, 15300];

const KEY_MS = 160;

/** The IVR part of a call on this path: from the answer to the end of the queue prompt. */
export function ivrMsOf(path: CallerPath): number {
  const prompt = readFileSync(join(promptsDir, `${path.queuePrompt}.wav`));
  return keyTimesMs[path.keys.length - 1]! + KEY_MS + readWavInfo(prompt).durationMs;
}

/**
 * The paths in the order calls take them, each as often as its share, spread out (smooth
 * weighted round-robin) so that no queue gets its calls in runs.
 */
export const callerMix: readonly CallerPath[] = (() => {
  const total = callerPaths.reduce((sum, p) => sum + p.share, 0);
  const current = callerPaths.map(() => 0);
  const mix: CallerPath[] = [];
  for (let n = 0; n < total; n++) {
    let best = 0;
    callerPaths.forEach((p, i) => {
      current[i]! += p.share;
      if (current[i]! > current[best]!) best = i;
    });
    current[best]! -= total;
    mix.push(callerPaths[best]!);
  }
  return mix;
})();

/** The calling number of call `index` (0-based), which tells the path back from a call record. */
export const callerNumber = (index: number): string => `1390${String(index).padStart(7, '0')}`;

/** The path call `number` was sent down (see callerNumber), if it is one of the bench's. */
export function pathOfCaller(number: string): CallerPath | undefined {
  const m = /^(?:\+86)?1390(\d{7})$/.exec(number);
  return m ? callerMix[Number(m[1]) % callerMix.length] : undefined;
}

export interface CallerScenarioOptions {
  /** The stream each path plays (see caller-media.ts), by queue name. */
  pcapOf: (path: CallerPath) => string;
  /** How long the caller stays after the queue prompt (wait and talk): drawn uniformly. */
  stayMs: { min: number; max: number };
  telephoneEventType: number;
}

const send = (message: string, retrans = true): string =>
  `  <send${retrans ? ' retrans="500"' : ''}>\n    <![CDATA[\n${message}\n    ]]>\n  </send>\n`;

const from = 'From: "Caller" <sip:[field0]@[remote_ip]>;tag=[pid]SIPpTag00[call_number]';

/**
 * sipp UAC: INVITE with PCMA and telephone-event, ACK, then the path of injection field1: its
 * stream plays from the answer and the caller hangs up `stay` after the queue prompt. A BYE from
 * Hotline before that is unexpected and fails the call, as it should: nothing in the bench
 * ends a call but the caller.
 */
export function callerScenario(options: CallerScenarioOptions): string {
  const { min, max } = options.stayMs;
  const pause = (path: CallerPath) =>
    min === max
      ? `<pause milliseconds="${ivrMsOf(path) + min}"/>`
      : `<pause distribution="uniform" min="${ivrMsOf(path) + min}" max="${ivrMsOf(path) + max}"/>`;
  const choose = callerPaths
    .map(
      (p) =>
        `  <nop>\n    <action>\n      <strcmp assign_to="${p.queue}Cmp" variable="path" value="${p.queue}"/>\n` +
        `      <test assign_to="${p.queue}" variable="${p.queue}Cmp" compare="equal" value="0"/>\n` +
        `    </action>\n  </nop>\n  <nop next="${p.queue}" test="${p.queue}"/>\n`,
    )
    .join('');
  const branches = callerPaths
    .map(
      (p) =>
        `  <label id="${p.queue}"/>\n  <nop>\n    <action>\n      <exec play_pcap_audio="${options.pcapOf(p)}"/>\n    </action>\n  </nop>\n` +
        `  ${pause(p)}\n  <nop next="hangup"/>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by bench/load/caller-scenario.ts for one run of bench/hotline-load.ts. -->
<scenario name="load: caller through the IVR into a queue">
${send(`INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
${from}
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:[field0]@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=- 53655765 2353687637 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [auto_media_port] RTP/AVP 8 ${options.telephoneEventType}
a=rtpmap:8 PCMA/8000
a=rtpmap:${options.telephoneEventType} telephone-event/8000
a=fmtp:${options.telephoneEventType} 0-15
a=ptime:20
`)}  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true" rrs="true"/>
${send(
  `ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
${from}
[last_To:]
[routes]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0
`,
  false,
)}  <nop>
    <action>
      <assignstr assign_to="path" value="[field1]"/>
    </action>
  </nop>
${choose}${branches}  <label id="hangup"/>
${send(`BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
${from}
[last_To:]
[routes]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0
`)}  <recv response="200" crlf="true"/>
</scenario>
`;
}
