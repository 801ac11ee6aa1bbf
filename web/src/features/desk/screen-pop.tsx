// The screen pop: the caller's number looked up in the customer directory as the call reaches
// the agent — the customer with their recent interactions, a choice when several share the
// number (choosing links the call), or a short "create customer from this call" form.
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type {
  CallInteractionSummary,
  CallerLookup,
  Customer,
  Interaction,
} from '../../api/types.ts';
import { en, type MessageKey } from '../../i18n/en.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { ErrorState, errorText } from '../../ui/states.tsx';
import { formatDuration, formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';
import './screen-pop.css';

/** How many earlier interactions the pop lists (the full timeline is the customer page's). */
const RECENT = 5;
const customerPath = (id: number) => `/api/v1/customers/${id}`;

/** The element the desk's hotkey focuses. */
export const SCREEN_POP_ID = 'screen-pop';

/** A known translation of a server code (tier, language, interaction kind), or the code itself. */
function label(t: Translate, prefix: 'pop.tier' | 'pop.lang' | 'pop.kind', code: string): string {
  const key = `${prefix}.${code}`;
  return key in en ? t(key as MessageKey) : code;
}

export function ScreenPop(props: {
  callId: string;
  /** The caller's number as the CTI feed carries it (E.164 when known); '' when withheld. */
  number: string;
  /** The role may link calls and create customers (`customers:write`). */
  canWrite: boolean;
}) {
  const { t } = useI18n();
  const { callId, number } = props;
  const lookup = useResource<CallerLookup>(
    () =>
      number
        ? api<CallerLookup>('GET', `/api/v1/customers/lookup?number=${encodeURIComponent(number)}`)
        : Promise.resolve({ e164: null, customers: [] }),
    [number],
  );
  /** The customer the agent chose or created (overrides the lookup). */
  const [chosen, setChosen] = useState<number>();
  const [choosing, setChoosing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [linkError, setLinkError] = useState<string>();

  const choose = async (candidate: { id: number; name: string }) => {
    setLinkError(undefined);
    try {
      if (props.canWrite) await api('POST', `${customerPath(candidate.id)}/calls`, { callId });
      setChosen(candidate.id);
      setChoosing(false);
      setNotice(props.canWrite ? t('pop.linked', { name: candidate.name }) : undefined);
    } catch (failure) {
      setLinkError(errorText(t, failure));
    }
  };

  let body;
  if (lookup.error) {
    // Without the CRM module the routes do not exist: say so instead of "not found".
    body =
      lookup.error instanceof ApiError && lookup.error.status === 404 ? (
        <p className="hint">{t('pop.unavailable')}</p>
      ) : (
        <ErrorState error={lookup.error} onRetry={lookup.reload} />
      );
  } else if (!lookup.data) {
    body = (
      <p className="state state-loading" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> {t('pop.lookingUp', { number })}
      </p>
    );
  } else {
    const matches = lookup.data.customers;
    const id = choosing
      ? undefined
      : (chosen ?? (matches.length === 1 ? matches[0]!.id : undefined));
    if (id !== undefined)
      body = (
        <>
          <CustomerCard id={id} callId={callId} />
          {matches.length > 1 && (
            <button type="button" className="link" onClick={() => setChoosing(true)}>
              {t('pop.chooseOther')}
            </button>
          )}
        </>
      );
    else if (matches.length > 1)
      body = (
        <>
          <p className="hint">{t('pop.candidates', { count: matches.length })}</p>
          <ul className="pop-candidates" data-testid="pop-candidates">
            {matches.map((c) => (
              <li key={c.id}>
                <button type="button" onClick={() => void choose(c)}>
                  {c.name} <span className="tag">{label(t, 'pop.tier', c.tier)}</span>
                </button>
              </li>
            ))}
          </ul>
          {linkError && (
            <p className="form-error" role="alert">
              {linkError}
            </p>
          )}
        </>
      );
    else
      body = (
        <>
          <p className="hint" data-testid="pop-no-match">
            {number ? t('pop.noMatch', { number }) : t('pop.withheld')}
          </p>
          {props.canWrite && (
            <CreateFromCall
              callId={callId}
              e164={lookup.data.e164}
              onCreated={(customer) => {
                setChosen(customer.id);
                setNotice(t('pop.created'));
              }}
            />
          )}
        </>
      );
  }

  return (
    <section
      className="screen-pop"
      id={SCREEN_POP_ID}
      tabIndex={-1}
      aria-labelledby="pop-title"
      aria-keyshortcuts="Alt+C"
      data-testid="screen-pop"
    >
      <h3 id="pop-title">
        {t('pop.title')} <kbd>Alt+C</kbd>
      </h3>
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      {body}
    </section>
  );
}

function CustomerCard({ id, callId }: { id: number; callId: string }) {
  const { t, language } = useI18n();
  const customer = useResource(() => api<Customer>('GET', customerPath(id)), [id]);
  // One more than shown: the call in progress may already be on the timeline.
  const history = useResource(
    () =>
      api<{ interactions: Interaction[] }>(
        'GET',
        `${customerPath(id)}/interactions?limit=${RECENT + 1}`,
      ),
    [id],
  );
  if (customer.error) return <ErrorState error={customer.error} onRetry={customer.reload} />;
  if (!customer.data)
    return (
      <p className="state state-loading" role="status">
        <span className="spinner" aria-hidden="true" /> {t('common.loading')}
      </p>
    );
  const c = customer.data;
  const earlier = (history.data?.interactions ?? [])
    .filter((i) => !(i.kind === 'call' && i.ref === callId))
    .slice(0, RECENT);
  return (
    <div className="pop-customer">
      <p className="pop-name" data-testid="pop-customer-name">
        {c.name}
        <span className={`tag tier-${c.tier}`}>{label(t, 'pop.tier', c.tier)}</span>
      </p>
      {c.erasedAt !== null && <p className="hint">{t('pop.erased')}</p>}
      <dl className="facts">
        <dt>{t('pop.language')}</dt>
        <dd>{c.language ? label(t, 'pop.lang', c.language) : t('pop.lang.unknown')}</dd>
        <dt>{t('pop.tags')}</dt>
        <dd>
          {c.tags.length
            ? c.tags.map((tag) => (
                <span key={tag} className="tag pop-tag">
                  {tag}
                </span>
              ))
            : t('pop.none')}
        </dd>
        <dt>{t('pop.document')}</dt>
        <dd className="mono">{c.document ?? t('pop.none')}</dd>
      </dl>
      <h4>{t('pop.recent')}</h4>
      {history.error ? (
        <p className="form-error" role="alert">
          {t('pop.historyFailed', {
            message: history.error instanceof Error ? history.error.message : '',
          })}{' '}
          <button type="button" onClick={history.reload}>
            {t('common.retry')}
          </button>
        </p>
      ) : !history.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : earlier.length === 0 ? (
        <p className="muted">{t('pop.noHistory')}</p>
      ) : (
        <ol className="pop-history" data-testid="pop-history">
          {earlier.map((i) => (
            <li key={i.id}>
              <time dateTime={new Date(i.startedAt).toISOString()}>
                {formatTime(i.startedAt, language)}
              </time>{' '}
              {describe(t, i)}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** One line for an interaction: for a call, its queue, agent, talk time and disposition. */
function describe(t: Translate, i: Interaction): string {
  const parts = [label(t, 'pop.kind', i.kind)];
  if (i.kind === 'call') {
    const d = i.details as Partial<CallInteractionSummary>;
    if (d.queue) parts.push(d.queue);
    if (d.agentId) parts.push(d.agentId);
    parts.push(
      d.talkMs ? t('pop.talk', { duration: formatDuration(d.talkMs) }) : t('pop.unanswered'),
    );
    if (d.disposition) parts.push(d.disposition.code);
  } else parts.push(i.ref);
  return parts.join(' · ');
}

function CreateFromCall(props: {
  callId: string;
  e164: string | null;
  onCreated: (customer: Customer) => void;
}) {
  const { t, language: uiLanguage } = useI18n();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<'zh' | 'en' | ''>(uiLanguage === 'en' ? 'en' : 'zh');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onCreated(
        await api<Customer>('POST', '/api/v1/customers', {
          name: name.trim(),
          ...(language ? { language } : {}),
          // The caller's number joins the record, so their next call finds them.
          ...(props.e164 ? { phones: [props.e164] } : {}),
          fromCallId: props.callId,
        }),
      );
    } catch (failure) {
      setError(errorText(t, failure));
      if (failure instanceof ApiError && failure.field?.endsWith('name'))
        nameInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="pop-create"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="pop-create-title"
    >
      <h4 id="pop-create-title">{t('pop.createTitle')}</h4>
      <div className="pop-fields">
        <label htmlFor="pop-name">{t('pop.name')}</label>
        <input
          id="pop-name"
          ref={nameInput}
          required
          maxLength={200}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor="pop-language">{t('pop.language')}</label>
        <select
          id="pop-language"
          value={language}
          onChange={(e) => setLanguage(e.target.value as typeof language)}
        >
          <option value="zh">{t('pop.lang.zh')}</option>
          <option value="en">{t('pop.lang.en')}</option>
          <option value="">{t('pop.lang.unknown')}</option>
        </select>
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          {busy ? t('pop.creating') : t('pop.create')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
