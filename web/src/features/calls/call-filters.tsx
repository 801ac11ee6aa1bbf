// The call search form: a date range (with today and the last 7 days one
// click away), the agent, the queue and the caller's number — the filters of
// GET /api/v1/calls. Dates are the browser's local days.
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

export interface CallFilter {
  /** First day, YYYY-MM-DD (local). */
  from: string;
  /** Last day included, YYYY-MM-DD (local); empty: up to now. */
  to: string;
  agent: string;
  queue: string;
  caller: string;
}

/** YYYY-MM-DD of the local day `daysAgo` days before today. */
export function localDay(daysAgo = 0): string {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function defaultFilter(): CallFilter {
  return { from: localDay(), to: '', agent: '', queue: '', caller: '' };
}

/** Local midnight starting the day, epoch ms. */
function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

/** The API's query for one page: `to` is exclusive there, so the last day runs to the next midnight. */
export function callsQuery(filter: CallFilter, limit: number, before?: string): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.from) query.set('from', String(dayStart(filter.from)));
  if (filter.to) {
    const end = new Date(dayStart(filter.to));
    end.setDate(end.getDate() + 1);
    query.set('to', String(end.getTime()));
  }
  if (filter.agent.trim()) query.set('agent', filter.agent.trim());
  if (filter.queue.trim()) query.set('queue', filter.queue.trim());
  if (filter.caller.trim()) query.set('caller', filter.caller.trim());
  if (before !== undefined) query.set('before', before);
  return query.toString();
}

export function CallFilters(props: {
  value: CallFilter;
  onSearch: (filter: CallFilter) => void;
  /** Names offered while typing (empty when the role may not list them). */
  queues: readonly string[];
  agents: readonly string[];
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(props.value);
  const badRange = draft.from !== '' && draft.to !== '' && draft.to < draft.from;
  const set = (field: keyof CallFilter) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft({ ...draft, [field]: e.target.value });
  const preset = (daysAgo: number) => {
    const next = { ...draft, from: localDay(daysAgo), to: '' };
    setDraft(next);
    props.onSearch(next);
  };
  const isPreset = (daysAgo: number) =>
    props.value.from === localDay(daysAgo) && props.value.to === '';
  /** A queue or agent filter, the names the role may list offered while typing. */
  const nameFilter = (field: 'queue' | 'agent', label: string, names: readonly string[]) => (
    <div className="filter">
      <label htmlFor={`calls-${field}`}>{label}</label>
      <input
        id={`calls-${field}`}
        list={`calls-${field}s`}
        maxLength={64}
        size={10}
        value={draft[field]}
        onChange={set(field)}
      />
      <datalist id={`calls-${field}s`}>
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );

  return (
    <form
      className="call-filters"
      aria-label={t('calls.search')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!badRange) props.onSearch(draft);
      }}
    >
      <div className="segmented" role="group" aria-label={t('calls.period')}>
        <button type="button" aria-pressed={isPreset(0)} onClick={() => preset(0)}>
          {t('calls.today')}
        </button>
        <button type="button" aria-pressed={isPreset(6)} onClick={() => preset(6)}>
          {t('calls.week')}
        </button>
      </div>
      <div className="filter">
        <label htmlFor="calls-from">{t('calls.from')}</label>
        <input id="calls-from" type="date" value={draft.from} onChange={set('from')} />
      </div>
      <div className="filter">
        <label htmlFor="calls-to">{t('calls.to')}</label>
        <input
          id="calls-to"
          type="date"
          value={draft.to}
          min={draft.from || undefined}
          aria-invalid={badRange}
          aria-describedby={badRange ? 'calls-range-error' : undefined}
          onChange={set('to')}
        />
      </div>
      <div className="filter">
        <label htmlFor="calls-caller">{t('calls.callerNumber')}</label>
        <input
          id="calls-caller"
          inputMode="tel"
          maxLength={32}
          size={14}
          value={draft.caller}
          onChange={set('caller')}
        />
      </div>
      {nameFilter('queue', t('calls.queue'), props.queues)}
      {nameFilter('agent', t('calls.agent'), props.agents)}
      <button type="submit" className="primary" disabled={badRange}>
        {t('calls.searchButton')}
      </button>
      <button
        type="button"
        className="link"
        onClick={() => {
          const cleared = defaultFilter();
          setDraft(cleared);
          props.onSearch(cleared);
        }}
      >
        {t('calls.clear')}
      </button>
      {badRange && (
        <p className="form-error" id="calls-range-error" role="alert">
          {t('calls.badRange')}
        </p>
      )}
    </form>
  );
}
