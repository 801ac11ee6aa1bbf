// The current call: caller, dialed number, queue, state and its timer, the IVR
// path and collected data (for roles that may read call records), a supervisor
// whispering or barged in, and the call-control buttons.
import type { ReactNode } from 'react';
import type { CtiCall } from '../../api/cti.ts';
import type { CallRecord } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDuration, useNow } from '../../ui/time.ts';
import { SupervisorNotice } from './supervisor-notice.tsx';

export function CallPanel(props: {
  call: CtiCall | undefined;
  /** The call's record (IVR path, collected data) when the role may read it. */
  record: CallRecord | undefined;
  recordHidden: boolean;
  ready: boolean;
  controls: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const now = useNow();
  const { call, record } = props;
  return (
    <section className="panel call-panel" aria-labelledby="call-title" data-testid="call-panel">
      <h2 id="call-title">{t('desk.call')}</h2>
      {call ? (
        <dl className="facts">
          <dt>{t('desk.caller')}</dt>
          <dd className="big" data-testid="caller">
            {call.caller.number}
            {call.caller.displayName ? ` · ${call.caller.displayName}` : ''}
          </dd>
          <dt>{t('desk.dialed')}</dt>
          <dd>{call.dialed || '—'}</dd>
          <dt>{t('desk.queue')}</dt>
          <dd>{call.queue ?? '—'}</dd>
          <dt>{t('wall.callState')}</dt>
          <dd>
            <span className={`call-state call-${call.state}`} data-testid="call-state">
              {t(`callState.${call.state}` as MessageKey)}
            </span>{' '}
            <span className="timer">{formatDuration(now - call.stateSince)}</span>
          </dd>
          <dt>{t('desk.ivrPath')}</dt>
          <dd>
            {record?.ivrPath.length ? (
              <ol className="path">
                {record.ivrPath.map((node, i) => (
                  <li key={`${i}-${node}`}>{node}</li>
                ))}
              </ol>
            ) : (
              '—'
            )}
          </dd>
          <dt>{t('desk.collected')}</dt>
          <dd>
            {record && Object.keys(record.vars).length ? (
              <table className="vars">
                <tbody>
                  {Object.entries(record.vars).map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row">{k}</th>
                      <td>{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              '—'
            )}
          </dd>
        </dl>
      ) : (
        <p className="muted" data-testid="no-call">
          {props.ready ? t('desk.noCallReady') : t('desk.noCall')}
        </p>
      )}
      {call && <SupervisorNotice call={call} />}
      {call && props.recordHidden && <p className="hint">{t('desk.ivrHidden')}</p>}
      <div className="controls">{props.controls}</div>
      {props.children}
    </section>
  );
}
