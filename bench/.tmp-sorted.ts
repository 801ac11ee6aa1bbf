import { performance } from 'node:perf_hooks';
import { SortedAgents, readyKeys } from '../src/callcenter/agents/index.ts';
const agents = Array.from({ length: 40 }, (_, i) => ({ readySeq: i, callsAnswered: i % 7, talkMs: i * 1000, ordinal: i }) as any);
for (const order of ['idle', 'calls', 'talk'] as const) {
  const s = new SortedAgents(readyKeys[order], agents.slice(0, 20));
  const N = 2e6;
  const t = performance.now();
  for (let i = 0; i < N; i++) { const a = agents[20 + (i % 20)]; s.insert(a); s.remove(a); }
  console.log(order, ((performance.now() - t) * 1e6 / N / 2).toFixed(0), 'ns/op');
}
