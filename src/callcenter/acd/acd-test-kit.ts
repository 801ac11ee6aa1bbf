// Test helpers: an ACD on a FakeClock that keeps every command and event it produced.
import { FakeClock } from '../../platform/index.ts';
import { Acd, type AcdOptions } from './acd.ts';
import type { AcdCommand } from './acd-commands.ts';
import type { AcdEvents } from './acd-events.ts';

export interface RecordedEvent {
  type: keyof AcdEvents;
  stream: string;
  payload: Record<string, unknown>;
  at: number;
}

export function acdKit(queues: unknown[], options: Partial<AcdOptions> = {}) {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 1, 0, 0));
  const commands: AcdCommand[] = [];
  const events: RecordedEvent[] = [];
  const acd = new Acd({
    clock,
    dispatch: (c) => commands.push(c),
    record: (type, stream, payload, at) =>
      events.push({ type, stream, payload: { ...payload }, at }),
    queues,
    ...options,
  });
  const kit = {
    clock,
    acd,
    commands,
    events,
    /** Logs agents in ready on registered devices (extension `ext-<id>`). */
    agents(specs: Record<string, Record<string, number>>) {
      for (const [id, skills] of Object.entries(specs)) {
        const extension = `ext-${id}`;
        acd.agents.deviceRegistered(extension);
        acd.agents.login(id, { extension, skills, ready: true });
      }
    },
    offers(type: AcdCommand['type'] = 'offer') {
      return commands.filter((c) => c.type === type);
    },
    lastOffer() {
      return commands.filter((c) => c.type === 'offer').at(-1);
    },
    ofType<K extends keyof AcdEvents>(type: K): AcdEvents[K][] {
      return events.filter((e) => e.type === type).map((e) => e.payload as unknown as AcdEvents[K]);
    },
    state(agentId: string) {
      return acd.agents.get(agentId)?.state;
    },
    /** Answers the call, lets it talk, hangs it up (wrap-up follows the queue). */
    handle(callId: string, agentId: string, talkMs: number) {
      acd.agentAnswered(callId, agentId);
      clock.advance(talkMs);
      acd.callEnded(callId);
    },
  };
  return kit;
}
