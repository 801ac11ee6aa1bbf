// The agents API over the ACD: who may log in where (an existing extension),
// which skills they bring (their stored agent profile), and the agent as the
// API shows it.
import type { AgentView, AgentsPort } from '../api/index.ts';
import { defaultNotReadyReasons, type Acd, type Agent } from '../callcenter/index.ts';
import { HotlineError, isHotlineError } from '../platform/index.ts';

export function agentsPort(deps: {
  acd: () => Acd;
  isExtension: (extension: string) => boolean;
  skillsOf: (agentId: string) => Record<string, number>;
  /** The not-ready reasons agents choose from (the stored list; default the ACD's built-in one). */
  reasons?: () => readonly string[];
  /** Whether the call rings the agent's phone and the desk can answer it (the call model's). */
  remoteAnswerable?: (callId: string, agentId: string) => boolean;
}): AgentsPort {
  /** The call ringing on the agent's phone that the desk can answer (an offer, or a dial-out). */
  const remoteAnswerCallId = (agent: Agent): string | null =>
    [agent.offer?.callId, agent.call?.callId].find(
      (callId) => callId !== undefined && deps.remoteAnswerable?.(callId, agent.id) === true,
    ) ?? null;
  const view = (agent: Agent): AgentView => ({
    agentId: agent.id,
    extension: agent.extension,
    state: agent.state,
    reason: agent.state === 'not-ready' ? (agent.reasonCode ?? null) : null,
    since: agent.stateSince,
    wrapUpEndsAt: agent.state === 'wrap-up' ? (agent.wrapUpEndsAt ?? null) : null,
    registered: agent.registered,
    skills: Object.fromEntries(agent.skills),
    callsAnswered: agent.callsAnswered,
    remoteAnswerCallId: remoteAnswerCallId(agent),
  });
  const require = (agentId: string): Agent => {
    const agent = deps.acd().agents.get(agentId);
    if (!agent)
      throw new HotlineError('not-found', `"${agentId}" has not logged in as an agent.`, {
        field: 'agentId',
      });
    return agent;
  };
  return {
    list: () =>
      [...deps.acd().registry.all()].map(view).sort((a, b) => a.agentId.localeCompare(b.agentId)),
    get: (agentId) => {
      const agent = deps.acd().agents.get(agentId);
      return agent && view(agent);
    },
    login: (agentId, input) => {
      if (!deps.isExtension(input.extension))
        throw new HotlineError('not-found', `There is no extension ${input.extension}.`, {
          field: 'body.extension',
        });
      const agent = inRequestTerms({ extension: 'body.extension' }, () =>
        deps.acd().agents.login(agentId, {
          extension: input.extension,
          skills: deps.skillsOf(agentId),
          ...(input.ready ? { ready: true } : {}),
        }),
      );
      return view(agent);
    },
    logout: (agentId) => {
      deps.acd().agents.logout(agentId);
      return view(require(agentId));
    },
    ready: (agentId) => {
      deps.acd().agents.setReady(agentId);
      return view(require(agentId));
    },
    notReady: (agentId, reason) => {
      inRequestTerms({ reasonCode: 'body.reason' }, () =>
        deps.acd().agents.setNotReady(agentId, reason),
      );
      return view(require(agentId));
    },
    force: (agentId, state, by) => {
      deps.acd().agents.forceState(agentId, state, by);
      return view(require(agentId));
    },
    reasons: () => [...(deps.reasons?.() ?? defaultNotReadyReasons)],
  };
}

/**
 * The ACD names its own fields (reasonCode, extension); an HTTP error names the request's, so a
 * client can point at what the user typed.
 */
function inRequestTerms<T>(fields: Record<string, string>, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const field = isHotlineError(error) ? fields[error.field ?? ''] : undefined;
    if (!isHotlineError(error) || field === undefined) throw error;
    throw new HotlineError(error.code, error.message.replace(/^[\w.]+:/, `${field}:`), {
      field,
      cause: error,
    });
  }
}
