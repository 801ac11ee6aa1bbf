// What the CTI live state asks of the ACD: the queues each agent serves and the queues'
// service-level settings. Before telephony runs (or in API-only tests) there is no ACD, and the
// live state works from the log alone.
import type { CtiDirectory } from '../api/index.ts';
import type { Acd } from '../callcenter/index.ts';
import { isHotlineError } from '../platform/index.ts';

export function ctiDirectory(acd: () => Acd): () => CtiDirectory | undefined {
  const current = (): Acd | undefined => {
    try {
      return acd();
    } catch (error) {
      if (isHotlineError(error, 'unavailable')) return undefined; // telephony not started
      throw error;
    }
  };
  return () => {
    const running = current();
    if (!running) return undefined;
    return {
      queuesOf: (agentId) => {
        const agent = running.agents.get(agentId);
        return agent ? (running.memberOf.get(agent) ?? []).map((q) => q.name) : [];
      },
      queues: () =>
        [...running.queueDirectory.all()].map((q) => ({
          name: q.name,
          serviceLevel: q.config.serviceLevel,
        })),
    };
  };
}
