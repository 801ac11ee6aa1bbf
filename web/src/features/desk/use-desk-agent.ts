// The agent's own state on the desk: read once, kept live by the CTI feed (their own actions, a
// supervisor's, the ACD's), re-read now and then while the feed is unavailable; and the not-ready
// reasons to choose from.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { useCti, type CtiEvent } from '../../api/cti.ts';
import type { AgentView } from '../../api/types.ts';
import { answerableAfter } from './answer-button.tsx';

/**
 * The server's default not-ready reasons, for roles that may not list agents (the reasons come
 * with GET /api/v1/agents, which agents may not call).
 */
const FALLBACK_REASONS = ['break', 'lunch', 'training', 'meeting', 'coaching', 'admin'];
/** Without the live feed (telephony not running), the agent's state is re-read this often. */
const POLL_MS = 3000;

export function useDeskAgent(
  agentId: string,
  listsAgents: boolean,
  on: {
    /** A state change names the agent's call (wrap-up keeps it after the call has gone). */
    onCall: (callId: string) => void;
    /** The agent's phone could not answer the call the desk answered. */
    onAnswerFailed: () => void;
  },
) {
  /** undefined while loading; null: the agent has never logged in. */
  const [agent, setAgent] = useState<AgentView | null>();
  const [loadError, setLoadError] = useState<unknown>();
  const [reasons, setReasons] = useState<string[]>(FALLBACK_REASONS);
  const [reason, setReason] = useState(FALLBACK_REASONS[0]!);

  const load = useCallback(async () => {
    try {
      setAgent(await api<AgentView>('GET', '/api/v1/agents/me'));
      setLoadError(undefined);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) setAgent(null);
      else setLoadError(failure);
    }
  }, []);

  useEffect(() => {
    void load();
    if (listsAgents)
      api<{ reasons: string[] }>('GET', '/api/v1/agents').then(
        (list) => {
          if (list.reasons.length) {
            setReasons(list.reasons);
            setReason(list.reasons[0]!);
          }
        },
        () => undefined,
      );
  }, [load, listsAgents]);

  const onEvents = (events: readonly CtiEvent[]) => {
    for (const event of events) {
      if (event.type === 'agent.state-changed' && event.agentId === agentId) {
        setAgent((current) =>
          current
            ? {
                ...current,
                state: event.state,
                since: event.time,
                wrapUpEndsAt:
                  event.state === 'wrap-up' && event.wrapUpMs !== undefined
                    ? event.time + event.wrapUpMs
                    : null,
                reason: event.state === 'not-ready' ? event.reason : null,
                extension: event.extension ?? current.extension,
              }
            : current,
        );
        if (event.callId) on.onCall(event.callId);
        // The answered count changes as a call ends.
        if (event.state === 'wrap-up') void load();
      } else if (event.type === 'agent.device-changed' && event.agentId === agentId)
        setAgent((current) => current && { ...current, registered: event.registered });
      else if (event.type === 'call.answer-failed' && event.agentId === agentId)
        on.onAnswerFailed();
      setAgent((current) => current && answerableAfter(current, event));
    }
  };
  const cti = useCti(onEvents);

  // Without the live feed, re-read the state now and then.
  useEffect(() => {
    if (cti.status !== 'unavailable' || !agent || agent.state === 'logged-out') return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [cti.status, agent, load]);

  return { agent, setAgent, loadError, load, reasons, reason, setReason, cti };
}
