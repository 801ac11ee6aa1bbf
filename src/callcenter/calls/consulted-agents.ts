// How the ACD sees the agents a consultation reaches: a consulted agent is busy for it under the
// consultation's own key (offered nothing meanwhile), free again when it ends without a transfer,
// and has the call itself once it is handed to them, until the call ends whichever way it ends.
import type { Acd } from '../acd/index.ts';
import type { ConsultationsHost } from './consultations.ts';

export type ConsultedAgents = Pick<
  ConsultationsHost,
  'agentOnExtension' | 'consultedBusy' | 'consultedFree' | 'takeOver'
>;

/** The consulted agents' side of the ACD; without an ACD nobody consulted is an agent. */
export function consultedAgents(acd: Acd | undefined): ConsultedAgents {
  return {
    agentOnExtension: (extension) => {
      const agent = acd?.agents.onExtension(extension);
      return agent && agent.state !== 'logged-out' ? agent.id : undefined;
    },
    consultedBusy: (agentId, key) => {
      const state = acd?.agents.get(agentId)?.state;
      if (state !== 'ready' && state !== 'not-ready' && state !== 'wrap-up') return false;
      acd!.agents.callStarted(agentId, key, 'internal');
      return true;
    },
    consultedFree: (key) => acd?.callEnded(key),
    takeOver: (call, key) => {
      acd?.agents.callRenamed(key, call.id, call.data.queue);
      // Ends their part whichever way the call ends (a queue's end does it too; twice is harmless).
      call.resources.add({ release: () => acd?.callEnded(call.id) });
    },
  };
}
