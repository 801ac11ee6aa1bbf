// Calls and their recordings for quality review: today or the last 7 days,
// newest first, with a player for each recording.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CallRecord } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { formatDuration, formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';

type Period = 'today' | 'week';

function periodStart(period: Period): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  if (period === 'week') d.setDate(d.getDate() - 6);
  return d.getTime();
}

export function CallsPage() {
  const { t, language } = useI18n();
  const [period, setPeriod] = useState<Period>('today');
  const calls = useResource(
    () =>
      api<{ calls: CallRecord[] }>('GET', `/api/v1/calls?from=${periodStart(period)}&limit=200`),
    [period],
  );
  return (
    <div className="calls">
      <div className="toolbar">
        <h1>{t('calls.title')}</h1>
        <div className="segmented" role="group">
          {(['today', 'week'] as const).map((p) => (
            <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
              {t(p === 'today' ? 'calls.today' : 'calls.week')}
            </button>
          ))}
        </div>
      </div>
      {calls.error ? (
        <ErrorState error={calls.error} onRetry={calls.reload} />
      ) : !calls.data ? (
        <Loading />
      ) : calls.data.calls.length === 0 ? (
        <Empty>{t('calls.empty')}</Empty>
      ) : (
        <table className="grid" data-testid="calls">
          <thead>
            <tr>
              <th scope="col">{t('calls.started')}</th>
              <th scope="col">{t('calls.caller')}</th>
              <th scope="col">{t('calls.queue')}</th>
              <th scope="col">{t('calls.agent')}</th>
              <th scope="col" className="num">
                {t('calls.wait')}
              </th>
              <th scope="col" className="num">
                {t('calls.talk')}
              </th>
              <th scope="col">{t('calls.outcome')}</th>
              <th scope="col">{t('calls.recordings')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.data.calls.map((c) => (
              <tr key={c.callId}>
                <td>{formatTime(c.startedAt, language)}</td>
                <td>{c.callerName ? `${c.caller} · ${c.callerName}` : c.caller}</td>
                <td>{c.queue ?? '—'}</td>
                <td>{c.agentId ?? '—'}</td>
                <td className="num">{c.waitMs === null ? '—' : formatDuration(c.waitMs)}</td>
                <td className="num">{c.talkMs === null ? '—' : formatDuration(c.talkMs)}</td>
                <td>{c.endedAt === null ? t('calls.live') : (c.endedIn ?? '—')}</td>
                <td>
                  {c.recordings.map((r) => (
                    <audio
                      key={r.recordingId}
                      controls
                      preload="none"
                      src={`/api/v1/calls/${encodeURIComponent(c.callId)}/recordings/${encodeURIComponent(r.recordingId)}`}
                    />
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
