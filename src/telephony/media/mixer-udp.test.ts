// Conference mixing on loopback: three parties each hear the other two; a supervisor's listen/whisper/barge route as specified.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ULAW_DECODE } from './g711.ts';
import type { MixerMode } from './media-commands.ts';
import { CoreHarness } from './fixtures/core-harness.ts';
import {
  UdpPeer,
  decodePayloads,
  energy,
  negotiated,
  rtpOnly,
  sendStream,
  sleep,
  tone,
  tonePower,
} from './fixtures/media-test-kit.ts';

let harness: CoreHarness;
const peers: Record<string, UdpPeer> = {};
const ports: Record<string, number> = {};
const FREQ: Record<string, number> = { customer: 700, agent: 1100, third: 1900, supervisor: 2600 };

before(async () => {
  harness = new CoreHarness();
  for (const name of Object.keys(FREQ)) {
    peers[name] = await UdpPeer.open();
    ports[name] = (
      await harness.endpoint(name, negotiated(peers[name].port), undefined, 'conf')
    ).local.port;
  }
  await harness.run({ type: 'mixer.create', mixerId: 'm', callId: 'conf' });
});

after(async () => {
  await harness.close();
  await Promise.all(Object.values(peers).map((p) => p.close()));
});

/** Everyone in `talkers` sends its tone for 400 ms; returns which tones each listener heard. */
async function round(talkers: string[]): Promise<Record<string, string[]>> {
  for (const p of Object.values(peers)) p.received.length = 0;
  await Promise.all(
    talkers.map((t, i) =>
      sendStream(peers[t]!, ports[t]!, tone(FREQ[t]!, 400, 5000), {
        ssrc: 100 + i,
        seq: Math.floor(Math.random() * 60000),
      }),
    ),
  );
  await sleep(100);
  const heard: Record<string, string[]> = {};
  for (const listener of talkers) {
    const audio = decodePayloads(rtpOnly(peers[listener]!.received), ULAW_DECODE);
    const total = energy(audio);
    heard[listener] = talkers
      .filter((t) => audio.length > 0 && tonePower(audio, FREQ[t]!) > 0.1 * total)
      .sort();
  }
  return heard;
}

async function seat(name: string, mode: MixerMode, whisperTo?: string[]): Promise<void> {
  await harness.run({
    type: 'mixer.join',
    mixerId: 'm',
    endpointId: name,
    mode,
    ...(whisperTo ? { whisperTo } : {}),
  });
}

describe('mixer over RTP', () => {
  it('lets each of three parties hear the other two and not itself', async () => {
    for (const name of ['customer', 'agent', 'third']) await seat(name, 'full');
    assert.deepEqual(await round(['customer', 'agent', 'third']), {
      customer: ['agent', 'third'],
      agent: ['customer', 'third'],
      third: ['agent', 'customer'],
    });
    await harness.run({ type: 'mixer.leave', mixerId: 'm', endpointId: 'third' });
  });

  it('routes a supervisor: listen hears all and is heard by none; whisper reaches the agent; barge everyone', async () => {
    await seat('supervisor', 'listen');
    const talkers = ['customer', 'agent', 'supervisor'];
    assert.deepEqual(await round(talkers), {
      customer: ['agent'],
      agent: ['customer'],
      supervisor: ['agent', 'customer'],
    });
    await seat('supervisor', 'whisper', ['agent']);
    assert.deepEqual(await round(talkers), {
      customer: ['agent'],
      agent: ['customer', 'supervisor'],
      supervisor: ['agent', 'customer'],
    });
    await seat('supervisor', 'barge');
    assert.deepEqual(await round(talkers), {
      customer: ['agent', 'supervisor'],
      agent: ['customer', 'supervisor'],
      supervisor: ['agent', 'customer'],
    });
  });

  it('refuses to seat an endpoint in a missing mixer', async () => {
    await assert.rejects(
      harness.run({ type: 'mixer.join', mixerId: 'nope', endpointId: 'agent', mode: 'full' }),
      /unknown-mixer/,
    );
    await harness.run({ type: 'mixer.destroy', mixerId: 'm' });
  });
});
