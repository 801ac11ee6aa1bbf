// The desk's Answer: while a call rings on a phone that takes remote answer, one button (and
// Alt+A) makes the phone pick up by itself, as a BroadWorks desk phone's "remote talk" does.
import { useEffect } from 'react';
import type { CtiEvent } from '../../api/cti.ts';
import type { AgentView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The shortcut, pressed with Alt (KeyboardEvent.code: layout-independent, as the desk's others). */
const CODE = 'KeyA';

export function AnswerButton(props: {
  /** The call ringing on the agent's phone that the phone can answer; null hides the button. */
  callId: string | null;
  busy: boolean;
  onAnswer: (callId: string) => void;
}) {
  const { t } = useI18n();
  const { callId, busy, onAnswer } = props;
  useEffect(() => {
    if (callId === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== CODE) return;
      event.preventDefault();
      if (!busy) onAnswer(callId);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [callId, busy, onAnswer]);
  if (callId === null) return null;
  return (
    <button
      type="button"
      className="action action-answer primary"
      disabled={busy}
      onClick={() => onAnswer(callId)}
      aria-keyshortcuts="Alt+A"
      data-testid="action-answer"
    >
      {t('action.answer')}
      <kbd>Alt+A</kbd>
    </button>
  );
}

/**
 * The agent's answerable call after a CTI event: set when their phone rings and takes remote
 * answer, cleared when the call is answered or ends, or the agent is no longer rung.
 */
export function answerableAfter(agent: AgentView, event: CtiEvent): AgentView {
  const callId = agent.remoteAnswerCallId;
  if (event.type === 'call.ringing' && event.agentId === agent.agentId) {
    const next = event.remoteAnswer ? event.callId : null;
    return next === callId ? agent : { ...agent, remoteAnswerCallId: next };
  }
  if (callId === null) return agent;
  const over =
    ((event.type === 'call.answered' || event.type === 'call.ended') && event.callId === callId) ||
    (event.type === 'agent.state-changed' &&
      event.agentId === agent.agentId &&
      event.state !== 'reserved' &&
      event.state !== 'on-call');
  return over ? { ...agent, remoteAnswerCallId: null } : agent;
}
