// The agent grid: state, reason, time in state (amber and red past the
// thresholds) and the call they are on; a supervisor may force a state.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CtiAgent, CtiCall } from '../../api/cti.ts';
import { translateCode, useI18n } from '../../i18n/i18n.tsx';
import { Empty, errorText } from '../../ui/states.tsx';
import { formatDuration } from '../../ui/time.ts';
import { level } from './thresholds.ts';

export function AgentGrid(props: {
  agents: CtiAgent[];
  calls: ReadonlyMap<string, CtiCall>;
  now: number;
}) {
  const { t } = useI18n();
  const [error, setError] = useState('');
  if (props.agents.length === 0) return <Empty>{t('wall.noAgents')}</Empty>;
  const force = async (agentId: string, state: string) => {
    setError('');
    try {
      await api('POST', `/api/v1/agents/${encodeURIComponent(agentId)}/state`, { state });
    } catch (failure) {
      setError(errorText(t, failure));
    }
  };
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="grid agents" data-testid="agent-grid">
        <thead>
          <tr>
            <th scope="col">{t('wall.agent')}</th>
            <th scope="col">{t('wall.extension')}</th>
            <th scope="col">{t('wall.stateCol')}</th>
            <th scope="col" className="num">
              {t('wall.timeInState')}
            </th>
            <th scope="col">{t('wall.call')}</th>
            <th scope="col">{t('wall.force')}</th>
          </tr>
        </thead>
        <tbody>
          {props.agents.map((a) => {
            const ms = Math.max(0, props.now - a.since);
            const call = a.callId ? props.calls.get(a.callId) : undefined;
            return (
              <tr key={a.agentId} data-testid={`agent-${a.agentId}`} data-state={a.state}>
                <th scope="row">{a.agentId}</th>
                <td>
                  {a.extension ?? '—'}
                  {a.registered === false && (
                    <span className="tag warn-tag">{t('wall.unregistered')}</span>
                  )}
                </td>
                <td>
                  <span className={`state-pill state-${a.state}`} data-testid="state">
                    {translateCode(t, 'state', a.state)}
                    {a.reason ? ` · ${translateCode(t, 'reason', a.reason)}` : ''}
                  </span>
                </td>
                <td className={`num timer level-${level(a.state, ms)}`}>{formatDuration(ms)}</td>
                <td>
                  {call ? `${call.caller.number}${call.queue ? ` · ${call.queue}` : ''}` : ''}
                </td>
                <td>
                  <select
                    aria-label={`${t('wall.force')}: ${a.agentId}`}
                    value=""
                    onChange={(e) => void force(a.agentId, e.target.value)}
                  >
                    <option value="">—</option>
                    {(['ready', 'not-ready', 'logged-out'] as const).map((s) => (
                      <option key={s} value={s} disabled={s === a.state}>
                        {translateCode(t, 'state', s)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
