import { performance } from 'node:perf_hooks';
import { FakeClock } from '../src/platform/index.ts';
import { AgentRegistry } from '../src/callcenter/agents/index.ts';
import { seededRandom } from '../src/callcenter/index.ts';
const clock = new FakeClock(0);
const reg = new AgentRegistry({ clock, record: () => {} });
const random = seededRandom(1);
const skills = Array.from({ length: 200 }, (_, i) => `s${i}`);
const agents = [];
for (let i = 0; i < 10000; i++) {
  const own: Record<string, number> = {};
  while (Object.keys(own).length < 8) own[skills[Math.floor(random() * 200)]!] = 1 + Math.floor(random() * 5);
  reg.setRegistered(`x${i}`, true);
  const a = reg.login(`a${i}`, { extension: `x${i}`, skills: own });
  agents.push(a);
}
const views = process.argv[2] ?? '';
if (views) for (const s of skills) for (const b of reg.readyIndex.skill(s) ?? []) for (const v of views.split(',')) b?.view(v as 'calls');
// 26% ready
for (const a of agents) if (random() < 0.26) reg.transition(a, 'ready');
for (const s of skills) for (let l = 1; l <= 5; l++) { const b = reg.readyIndex.skill(s)?.[l]; if (b && views) for (const v of views.split(',')) b.view(v as 'calls'); }
const N = 200000;
const t = performance.now();
for (let i = 0; i < N; i++) {
  clock.advance(1);
  const a = agents[Math.floor(random() * agents.length)]!;
  if (a.state === 'ready') reg.transition(a, 'not-ready'); else reg.transition(a, 'ready');
}
console.log(views || 'idle only', ((performance.now() - t) * 1000 / N).toFixed(2), 'µs per transition');
