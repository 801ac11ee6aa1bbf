// One call: its record (direction, caller and customer, queue, wait, talk and
// hold, who ended it, the disposition and notes), what the IVR did and
// collected, each segment with its agent, transfer and recording player, and
// the timeline of every event.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CallRecord, Customer, LogEvent, Me, ReasonCode } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { formatDuration, formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';
import { CallTimeline } from './call-timeline.tsx';
import { codeText, outcomeText } from './call-words.ts';
import { recordingUrl, segmentRecordings } from './segment-recordings.ts';

const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

export function CallDetail({ callId, me }: { callId: string; me: Me }) {
  const { t } = useI18n();
  const path = `/api/v1/calls/${encodeURIComponent(callId)}`;
  const record = useResource(() => api<CallRecord>('GET', path), [path]);
  const timeline = useResource(
    () => api<{ events: LogEvent[] }>('GET', `${path}/timeline`),
    [path],
  );
  return (
    <div className="call-detail" data-testid="call-detail">
      <div className="toolbar">
        <a href="/calls" onClick={onLinkClick}>
          ← {t('calls.back')}
        </a>
        <h1>
          {record.data
            ? t('calls.detailTitle', { caller: record.data.caller })
            : t('calls.detailTitle', { caller: '…' })}
        </h1>
        {record.data?.endedAt === null && <span className="tag">{t('calls.live')}</span>}
        <span className="muted call-id">{callId}</span>
      </div>
      {record.error ? (
        <ErrorState error={record.error} onRetry={record.reload} />
      ) : !record.data ? (
        <Loading />
      ) : (
        <CallFacts call={record.data} me={me} />
      )}
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        {timeline.error ? (
          <ErrorState error={timeline.error} onRetry={timeline.reload} />
        ) : !timeline.data ? (
          <Loading />
        ) : (
          <CallTimeline
            events={timeline.data.events}
            startedAt={record.data?.startedAt ?? timeline.data.events[0]?.time ?? 0}
          />
        )}
      </section>
    </div>
  );
}

/** The customer's name, for roles that may read customers; else only the id is shown. */
function useCustomerName(customerId: string | null, me: Me): string | undefined {
  const [name, setName] = useState<string>();
  const allowed = me.permissions.includes('customers:read');
  useEffect(() => {
    setName(undefined);
    if (customerId === null || !allowed) return;
    api<Customer>('GET', `/api/v1/customers/${encodeURIComponent(customerId)}`).then(
      (c) => setName(c.name),
      () => undefined, // erased or gone: the id still says who it was
    );
  }, [customerId, allowed]);
  return name;
}

function CallFacts({ call, me }: { call: CallRecord; me: Me }) {
  const { t, language } = useI18n();
  const customerName = useCustomerName(call.customerId, me);
  // Disposition codes with their labels in both languages; the code alone if they cannot be read.
  const codes = useResource(() => api<{ codes: ReasonCode[] }>('GET', '/api/v1/disposition-codes'));
  const disposition = call.disposition
    ? codes.data?.codes.find((c) => c.code === call.disposition)
    : undefined;
  const dispositionText = disposition
    ? `${language === 'en' ? disposition.labels.en : disposition.labels.zh} (${disposition.code})`
    : (call.disposition ?? '—');
  const { bySegment, others } = segmentRecordings(call);
  const mayPlay = me.permissions.includes('recordings:play');
  const ended =
    call.endedAt === null
      ? t('calls.live')
      : [
          outcomeText(t, call),
          call.endedBy && t('calls.endedBy', { by: codeText(t, 'endedBy', call.endedBy) }),
          call.endCause && codeText(t, 'cause', call.endCause),
        ]
          .filter(Boolean)
          .join(' · ');

  return (
    <>
      <div className="detail-split">
        <section className="panel" aria-labelledby="facts-title">
          <h2 id="facts-title">{t('calls.facts')}</h2>
          <dl className="facts" data-testid="call-facts">
            <dt>{t('calls.directionLabel')}</dt>
            <dd>{t(`calls.direction.${call.direction}`)}</dd>
            <dt>{t('calls.started')}</dt>
            <dd>{formatTime(call.startedAt, language)}</dd>
            <dt>{t('calls.ended')}</dt>
            <dd>{call.endedAt === null ? '—' : formatTime(call.endedAt, language)}</dd>
            <dt>{t('calls.caller')}</dt>
            <dd data-testid="detail-caller">
              {call.caller}
              {call.callerName ? ` · ${call.callerName}` : ''}
              {call.callerE164 && call.callerE164 !== call.caller && (
                <span className="muted"> ({call.callerE164})</span>
              )}
            </dd>
            <dt>{t('calls.dialed')}</dt>
            <dd>{call.dialed || '—'}</dd>
            <dt>{t('calls.customer')}</dt>
            <dd>
              {call.customerId === null
                ? t('calls.noCustomer')
                : customerName
                  ? `${customerName} (#${call.customerId})`
                  : `#${call.customerId}`}
            </dd>
            <dt>{t('calls.queue')}</dt>
            <dd>{call.queue ?? '—'}</dd>
            <dt>{t('calls.agent')}</dt>
            <dd>{call.agentId ?? call.connectedTo ?? '—'}</dd>
            <dt>{t('calls.wait')}</dt>
            <dd>{duration(call.waitMs)}</dd>
            <dt>{t('calls.talk')}</dt>
            <dd>{duration(call.talkMs)}</dd>
            <dt>{t('calls.hold')}</dt>
            <dd>{formatDuration(call.holdMs)}</dd>
            <dt>{t('calls.outcome')}</dt>
            <dd data-testid="detail-ended">{ended}</dd>
            <dt>{t('calls.disposition')}</dt>
            <dd>{dispositionText}</dd>
            <dt>{t('calls.notes')}</dt>
            <dd className="notes">{call.notes ?? '—'}</dd>
            {call.callbackNumber && (
              <>
                <dt>{t('calls.callback')}</dt>
                <dd>{call.callbackNumber}</dd>
              </>
            )}
            {call.voicemail && (
              <>
                <dt>{t('calls.voicemail')}</dt>
                <dd>{call.voicemail}</dd>
              </>
            )}
            {call.surveyScore !== null && (
              <>
                <dt>{t('calls.survey')}</dt>
                <dd>{call.surveyScore}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="panel" aria-labelledby="ivr-title">
          <h2 id="ivr-title">{t('calls.ivr')}</h2>
          {call.flow === null && call.ivrPath.length === 0 ? (
            <p className="muted">{t('calls.noIvr')}</p>
          ) : (
            <dl className="facts" data-testid="call-ivr">
              <dt>{t('calls.flow')}</dt>
              <dd>{call.flow ?? '—'}</dd>
              <dt>{t('calls.ivrPath')}</dt>
              <dd>
                {call.ivrPath.length ? (
                  <ol className="path">
                    {call.ivrPath.map((node, i) => (
                      <li key={`${i}-${node}`}>{node}</li>
                    ))}
                  </ol>
                ) : (
                  '—'
                )}
              </dd>
              <dt>{t('calls.ivrOutcome')}</dt>
              <dd>{call.ivrOutcome ?? '—'}</dd>
              <dt>{t('calls.selfService')}</dt>
              <dd>
                {call.selfService ?? '—'}
                {call.ivrContained && <span className="tag">{t('calls.contained')}</span>}
              </dd>
              <dt>{t('calls.language')}</dt>
              <dd>{call.language ?? '—'}</dd>
              <dt>{t('calls.collected')}</dt>
              <dd>
                {Object.keys(call.vars).length ? (
                  <table className="vars">
                    <tbody>
                      {Object.entries(call.vars).map(([k, v]) => (
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
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="segments-title">
        <h2 id="segments-title">{t('calls.segments')}</h2>
        {call.segments.length === 0 ? (
          <p className="muted">{t('calls.noSegments')}</p>
        ) : (
          <table className="grid segments" data-testid="segments">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">{t('calls.agent')}</th>
                <th scope="col">{t('calls.talkedTo')}</th>
                <th scope="col">{t('calls.queue')}</th>
                <th scope="col">{t('calls.connected')}</th>
                <th scope="col" className="num">
                  {t('calls.length')}
                </th>
                <th scope="col">{t('calls.then')}</th>
                <th scope="col">{t('calls.recording')}</th>
              </tr>
            </thead>
            <tbody>
              {call.segments.map((s, i) => {
                const recording = bySegment[i];
                return (
                  <tr key={`${i}-${s.connectedAt}`} data-testid={`segment-${i + 1}`}>
                    <td className="num">{i + 1}</td>
                    <td>{s.agentId ?? '—'}</td>
                    <td>{s.target}</td>
                    <td>{s.queue ?? '—'}</td>
                    <td className="nowrap">{formatTime(s.connectedAt, language)}</td>
                    <td className="num">
                      {s.endedAt === null ? '—' : formatDuration(s.endedAt - s.connectedAt)}
                    </td>
                    <td>
                      {s.transferredTo
                        ? t('calls.transferredTo', { target: s.transferredTo })
                        : s.endedAt === null
                          ? t('calls.live')
                          : t('calls.segmentEnded')}
                    </td>
                    <td>
                      {recording && !mayPlay ? (
                        <span className="muted">{t('calls.mayNotPlay')}</span>
                      ) : recording ? (
                        <Player callId={call.callId} recording={recording} />
                      ) : (
                        <span className="muted">
                          {call.endedAt === null
                            ? t('calls.recordingLater')
                            : t('calls.noRecording')}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {others.length > 0 && mayPlay && (
          <>
            <h3 className="subhead">{t('calls.otherRecordings')}</h3>
            <ul className="recordings">
              {others.map((r) => (
                <li key={r.recordingId}>
                  <Player callId={call.callId} recording={r} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

/** A recording's player: the browser fetches it with Range requests as it plays or seeks. */
function Player(props: { callId: string; recording: CallRecord['recordings'][number] }) {
  const { t } = useI18n();
  const { recording } = props;
  return (
    <span className="player">
      <audio
        controls
        preload="none"
        data-testid="recording"
        aria-label={t('calls.play', { duration: formatDuration(recording.durationMs) })}
        src={recordingUrl(props.callId, recording.recordingId)}
      />
      <span className="muted">{formatDuration(recording.durationMs)}</span>
    </span>
  );
}
