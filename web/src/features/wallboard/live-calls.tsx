// The calls in progress: state, caller, queue, agent and time in state.
import type { CtiCall } from '../../api/cti.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty } from '../../ui/states.tsx';
import { formatDuration } from '../../ui/time.ts';
import { waitThresholds } from './thresholds.ts';

export function LiveCalls(props: { calls: CtiCall[]; now: number }) {
  const { t } = useI18n();
  if (props.calls.length === 0) return <Empty>{t('wall.noCalls')}</Empty>;
  return (
    <table className="grid" data-testid="live-calls">
      <thead>
        <tr>
          <th scope="col">{t('wall.callState')}</th>
          <th scope="col">{t('wall.caller')}</th>
          <th scope="col">{t('wall.queue')}</th>
          <th scope="col">{t('wall.agent')}</th>
          <th scope="col" className="num">
            {t('wall.timeInState')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.calls.map((c) => {
          const ms = Math.max(0, props.now - c.stateSince);
          const waiting = c.state === 'queued';
          const level = !waiting
            ? 'ok'
            : ms >= waitThresholds.alarm * 1000
              ? 'alarm'
              : ms >= waitThresholds.warn * 1000
                ? 'warn'
                : 'ok';
          return (
            <tr key={c.callId} data-testid={`call-${c.callId}`}>
              <td>
                <span className={`call-state call-${c.state}`}>
                  {t(`callState.${c.state}` as MessageKey)}
                </span>
              </td>
              <td>
                {c.caller.displayName
                  ? `${c.caller.number} · ${c.caller.displayName}`
                  : c.caller.number}
              </td>
              <td>{c.queue ?? '—'}</td>
              <td>{c.agentId ?? '—'}</td>
              <td className={`num timer level-${level}`}>{formatDuration(ms)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
