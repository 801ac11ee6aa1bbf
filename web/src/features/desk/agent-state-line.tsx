// The agent's state at a glance: the state and reason, how long in it, the extension, and the
// wrap-up's time left (or how long an open-ended one has run).
import type { AgentView } from '../../api/types.ts';
import { translateCode, useI18n } from '../../i18n/i18n.tsx';
import { formatDuration, useNow } from '../../ui/time.ts';

export function AgentStateLine({ agent }: { agent: AgentView }) {
  const { t } = useI18n();
  const now = useNow();
  const inState = Math.max(0, now - agent.since);
  return (
    <div className="state-line">
      <span className={`state-pill state-${agent.state}`} data-testid="agent-state">
        {translateCode(t, 'state', agent.state)}
        {agent.reason ? ` · ${translateCode(t, 'reason', agent.reason)}` : ''}
      </span>
      <span className="timer" data-testid="state-timer">
        {t('desk.since', { duration: formatDuration(inState) })}
      </span>
      <span className="muted">{t('desk.onExtension', { extension: agent.extension })}</span>
      {agent.state === 'wrap-up' && (
        <p className="wrapup" role="status" data-testid="wrap-up-status">
          {agent.wrapUpEndsAt !== null
            ? t('desk.wrapUpLeft', {
                duration: formatDuration(Math.max(0, agent.wrapUpEndsAt - now)),
              })
            : t('desk.wrapUpOpen', { duration: formatDuration(inState) })}
        </p>
      )}
    </div>
  );
}
