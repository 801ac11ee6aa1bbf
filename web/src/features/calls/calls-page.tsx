// Calls for quality review and supervision: search by date range, agent,
// queue and caller, newest first, older calls a page at a time; each call opens
// at /calls/{id} with its record, timeline and recordings. The list keeps its
// search and pages while a call is open, so "back" returns to the same place.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { AgentProfile, CallRecord, Me, QueueView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate, onLinkClick, usePath } from '../../router.ts';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { formatDuration, formatTime } from '../../ui/time.ts';
import { CallDetail } from './call-detail.tsx';
import { CallFilters, callsQuery, defaultFilter, type CallFilter } from './call-filters.tsx';
import { outcomeText } from './call-words.ts';
import './calls.css';

const PAGE = 50;

interface Listing {
  filter: CallFilter;
  calls: CallRecord[];
  /** The last page came back short: there is nothing older. */
  done: boolean;
  loading: boolean;
  error?: unknown;
}

export function callPath(callId: string): string {
  return `/calls/${encodeURIComponent(callId)}`;
}

export function CallsPage({ me }: { me: Me }) {
  const path = usePath();
  const callId = path.startsWith('/calls/') ? decodeURIComponent(path.slice(7)) : undefined;
  const [listing, setListing] = useState<Listing>({
    filter: defaultFilter(),
    calls: [],
    done: false,
    loading: false,
  });
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(async (filter: CallFilter, after: CallRecord[]) => {
    setListing({ filter, calls: after, done: false, loading: true });
    try {
      const { calls } = await api<{ calls: CallRecord[] }>(
        'GET',
        `/api/v1/calls?${callsQuery(filter, PAGE, after.at(-1)?.callId)}`,
      );
      setListing((current) =>
        current.filter !== filter
          ? current // a newer search won
          : { filter, calls: [...after, ...calls], done: calls.length < PAGE, loading: false },
      );
    } catch (error) {
      setListing((current) =>
        current.filter !== filter
          ? current
          : { filter, calls: after, done: false, loading: false, error },
      );
    }
  }, []);

  // The list loads when first shown (not when a link opens one call directly).
  useEffect(() => {
    if (callId !== undefined || loaded) return;
    setLoaded(true);
    void load(listing.filter, []);
  }, [callId, loaded, load, listing.filter]);

  if (callId !== undefined) return <CallDetail callId={callId} me={me} />;
  return (
    <CallList
      me={me}
      listing={listing}
      onSearch={(filter) => void load(filter, [])}
      onOlder={() => void load(listing.filter, listing.calls)}
    />
  );
}

/** Names for the search form's suggestions, for roles that may list them. */
function useSuggestions(me: Me): { queues: string[]; agents: string[] } {
  const [queues, setQueues] = useState<string[]>([]);
  const [agents, setAgents] = useState<string[]>([]);
  const readsQueues = me.permissions.includes('queues:read');
  const readsAgents = me.permissions.includes('agent-profiles:read');
  useEffect(() => {
    if (readsQueues)
      api<{ queues: QueueView[] }>('GET', '/api/v1/queues').then(
        (r) => setQueues(r.queues.map((q) => q.name)),
        () => undefined, // suggestions only: typing still works
      );
    if (readsAgents)
      api<{ profiles: AgentProfile[] }>('GET', '/api/v1/agent-profiles').then(
        (r) => setAgents(r.profiles.map((p) => p.agentId)),
        () => undefined,
      );
  }, [readsQueues, readsAgents]);
  return { queues, agents };
}

function CallList(props: {
  me: Me;
  listing: Listing;
  onSearch: (filter: CallFilter) => void;
  onOlder: () => void;
}) {
  const { t, language } = useI18n();
  const { listing } = props;
  const suggestions = useSuggestions(props.me);
  const first = listing.calls.length === 0;
  return (
    <div className="calls">
      <div className="toolbar">
        <h1>{t('calls.title')}</h1>
      </div>
      <CallFilters
        value={listing.filter}
        onSearch={props.onSearch}
        queues={suggestions.queues}
        agents={suggestions.agents}
      />
      {listing.error !== undefined && first ? (
        <ErrorState error={listing.error} onRetry={() => props.onSearch(listing.filter)} />
      ) : listing.loading && first ? (
        <Loading />
      ) : first ? (
        <Empty>{t('calls.empty')}</Empty>
      ) : (
        <>
          <table className="grid calls-list" data-testid="calls">
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
                <th scope="col">{t('calls.disposition')}</th>
                <th scope="col" className="num">
                  {t('calls.recordings')}
                </th>
              </tr>
            </thead>
            <tbody>
              {listing.calls.map((c) => (
                <tr
                  key={c.callId}
                  data-call-id={c.callId}
                  className="clickable"
                  onClick={(e) => {
                    // The link handles its own click (and modified clicks open a tab).
                    if ((e.target as HTMLElement).closest('a')) return;
                    navigate(callPath(c.callId));
                  }}
                >
                  <td className="nowrap">
                    <a href={callPath(c.callId)} onClick={onLinkClick}>
                      {formatTime(c.startedAt, language)}
                    </a>
                  </td>
                  <td>
                    {c.direction === 'outbound' && (
                      <span className="tag" title={t('calls.direction.outbound')}>
                        ↗
                      </span>
                    )}
                    {c.callerName ? `${c.caller} · ${c.callerName}` : c.caller}
                  </td>
                  <td>{c.queue ?? '—'}</td>
                  <td>{c.agentId ?? '—'}</td>
                  <td className="num">{c.waitMs === null ? '—' : formatDuration(c.waitMs)}</td>
                  <td className="num">{c.talkMs === null ? '—' : formatDuration(c.talkMs)}</td>
                  <td>{outcomeText(t, c)}</td>
                  <td>{c.disposition ?? '—'}</td>
                  <td className="num">{c.recordings.length || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {listing.error !== undefined && (
            <ErrorState error={listing.error} onRetry={props.onOlder} />
          )}
          <div className="form-actions">
            {listing.done ? (
              <span className="muted">{t('calls.end')}</span>
            ) : (
              <button
                type="button"
                disabled={listing.loading}
                onClick={props.onOlder}
                data-testid="older-calls"
              >
                {listing.loading ? t('common.loading') : t('calls.older')}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
