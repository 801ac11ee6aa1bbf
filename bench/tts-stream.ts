// Benchmark of run-time TTS playback: time from the play command to the first RTP packet of a ~30 s text, full render vs streamed.
// Run: npm run bench:tts -- [runs]
//
// One media worker (MediaEngine, a real worker thread) plays to a UDP socket on 127.0.0.1 through
// LegPlayback, as SipTelephony does, with one PromptLibrary (and so one TTS engine) for all runs.
// Each run speaks a text not in the cache (a run number is appended): "full render" resolves it
// with PromptResolver.resolve (espeak-ng and sox to the end, then play), "streamed" with
// resolveStreaming (play once 100 ms are on disk). The playback is stopped at the first packet;
// the render still finishes before the next run. Modes alternate run by run.
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, silentLogger } from '../src/platform/index.ts';
import type { LegHost } from '../src/telephony/leg-host.ts';
import type { LegMedia } from '../src/telephony/leg-media.ts';
import { LegPlayback } from '../src/telephony/leg-playback.ts';
import { MediaEngine } from '../src/telephony/media/index.ts';
import type { MediaCommandInput, MediaPort } from '../src/telephony/media/index.ts';
import { EspeakTts, PromptLibrary } from '../src/telephony/prompts/index.ts';
import type { PromptResolver } from '../src/telephony/telephony-port.ts';

const EN =
  'Flight MU5101 from Shanghai Pudong to Beijing Capital is delayed. The new departure time is ' +
  "fourteen thirty. Boarding will start at gate twenty three at fourteen o'clock. Passengers are " +
  'kindly asked to be at the gate thirty minutes before departure. We apologize for the ' +
  'inconvenience caused and thank you for your patience. Please listen carefully as our menu ' +
  'options have changed. For baggage enquiries, stay on the line and an agent will be with you shortly.';
const TEXTS = [
  // 461 characters, 29.6 s of speech at 160 words a minute.
  { name: 'en 30 s', language: 'en', text: EN },
  // 122 characters, about 32 s of speech.
  {
    name: 'zh 30 s',
    language: 'zh',
    text:
      '航班MU5101从上海浦东飞往北京首都，已经延误。新的起飞时间是十四点三十分。登机将于十四点在二十三号登机口开始。' +
      '请旅客在起飞前三十分钟到达登机口。对于给您带来的不便我们深表歉意，感谢您的耐心等待。请仔细收听，我们的菜单选项已经改变。',
  },
  // 1,847 characters (near the 2,000 allowed), about 2 min of speech.
  { name: 'en 2 min', language: 'en', text: [EN, EN, EN, EN].join(' ') },
] as const;

type Mode = 'full render' | 'streamed';

const runs = Number(process.argv[2] ?? 7);
const logger = silentLogger();

const peer = createSocket('udp4');
await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
let onPacket: (() => void) | undefined;
peer.on('message', () => onPacket?.());

const engine = await MediaEngine.start({
  ports: { min: 10000, max: 10999 },
  advertisedAddress: '127.0.0.1',
  bindAddress: '127.0.0.1',
  workers: 1,
  qualityIntervalMs: 0,
  inactivityTimeoutMs: 0,
});
engine.on('play.finished', () => {});
// An endpoint that stays: the worker's 20 ms clock keeps running between runs, so a run's start
// is not in step with the tick its first packet waits for (0-20 ms, as for a call).
await engine.request({
  type: 'endpoint.create',
  endpointId: 'keep-ticking',
  callId: 'keep-ticking',
  legId: 'keep-ticking',
});
let playSent = 0;
const media = {
  request: (command: MediaCommandInput) => {
    if (command.type === 'play') playSent = performance.now();
    return engine.request(command);
  },
  on: engine.on.bind(engine),
  close: () => engine.close(),
} as MediaPort;

const cacheDir = await mkdtemp(join(tmpdir(), 'hotline-bench-tts-'));
const library = new PromptLibrary({
  promptsDir: join(cacheDir, 'none'),
  cacheDir,
  tts: new EspeakTts({ cacheDir: join(cacheDir, 'tts'), logger }),
  logger,
});
const fullRender: PromptResolver = { resolve: (p, l) => library.resolve(p, l) };

interface Figures {
  /** From leg.play to the play command sent to the worker (the prompt resolved). */
  readonly resolved: number;
  /** From leg.play to the first RTP packet at the peer. */
  readonly firstPacket: number;
}

async function once(mode: Mode, entry: (typeof TEXTS)[number], run: number): Promise<Figures> {
  const { language } = entry;
  // A text of its own for every run and mode: never in the cache.
  const text = `${entry.text} ${mode === 'streamed' ? 'S' : 'F'} ${run}.`;
  const legId = `leg-${mode === 'streamed' ? 's' : 'f'}-${entry.name}-${run}`;
  const resolver = mode === 'streamed' ? library : fullRender;
  const address = peer.address();
  await engine.request({
    type: 'endpoint.create',
    endpointId: legId,
    callId: `call-${legId}`,
    legId,
    media: {
      remote: { address: '127.0.0.1', port: address.port },
      rtcpMux: true,
      codec: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
      ptime: 20,
      direction: 'sendrecv',
    },
  });
  const host = {
    clock: new FakeClock(0),
    logger,
    leg: (id: string) => (id === legId ? { id, ended: false } : undefined),
    emit: () => {},
  } as unknown as LegHost;
  const playback = new LegPlayback(host, {
    media,
    endpoints: { of: async () => {} } as unknown as LegMedia,
    prompts: resolver,
  });
  const first = new Promise<number>((resolve) => {
    onPacket = () => {
      onPacket = undefined;
      resolve(performance.now());
    };
  });
  const started = performance.now();
  await playback.play({
    type: 'leg.play',
    legId,
    playId: 'status',
    prompts: [{ kind: 'tts', text }],
    language,
    bargeIn: false,
  });
  const figures = { resolved: playSent - started, firstPacket: (await first) - started };
  await playback.stop({ type: 'leg.play.stop', legId, playId: 'status' });
  await engine.request({ type: 'endpoint.destroy', endpointId: legId });
  await library.tts.render(text, language); // the render's end, before the next run
  return figures;
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${median.toFixed(0)} (${sorted[0]!.toFixed(0)}-${sorted.at(-1)!.toFixed(0)})`;
}

console.log(`leg.play of a TTS text not in the cache: median (min-max) of ${runs} runs, ms`);
console.log('text      mode         prompt resolved      first RTP packet');
const cell = (values: number[]) => summary(values).padEnd(20);
for (const entry of TEXTS) {
  const figures: Record<Mode, Figures[]> = { 'full render': [], streamed: [] };
  await once('streamed', entry, -1); // warm-up: programs and voice data in the page cache
  await once('full render', entry, -1);
  for (let run = 0; run < runs; run++) {
    const order =
      run % 2 === 0
        ? (['full render', 'streamed'] as const)
        : (['streamed', 'full render'] as const);
    for (const mode of order) figures[mode].push(await once(mode, entry, run));
  }
  for (const mode of ['full render', 'streamed'] as const) {
    const f = figures[mode];
    console.log(
      `${entry.name.padEnd(9)} ${mode.padEnd(12)} ${cell(f.map((x) => x.resolved))} ${cell(f.map((x) => x.firstPacket))}`,
    );
  }
}

await engine.close();
peer.close();
await rm(cacheDir, { recursive: true, force: true });
