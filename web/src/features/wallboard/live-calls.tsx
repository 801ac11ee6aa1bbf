// The calls in progress: state, caller, queue, agent (with who supervises the
// call, from the CTI feed) and time in state; a supervisor listens to, whispers
// into or barges a connected call from their own phone (it rings first), with
// the server's refusals shown on the row.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { CtiCall } from '../../api/cti.ts';
import type { AgentProfile } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { Empty, errorText } from '../../ui/states.tsx';
import { formatDuration } from '../../ui/time.ts';
import { MonitorBadges } from './monitor-badges.tsx';
import { waitThresholds } from './thresholds.ts';

export const monitorModes = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof monitorModes)[number];

/** Where the supervisor's phone is remembered between visits (this browser only). */
const EXTENSION_KEY = 'hotline.monitorExtension';
/** The server's pattern for an extension (call-control-routes.ts). */
const EXTENSION_PATTERN = /^[0-9]{2,16}$/;

/** crypto.randomUUID exists only in secure contexts; a wallboard may be served over plain HTTP. */
function idempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function storedExtension(): string {
  try {
    return localStorage.getItem(EXTENSION_KEY) ?? '';
  } catch {
    return '';
  }
}

/** What the supervisor should do about a refused monitor request. */
function monitorErrorText(t: Translate, failure: unknown, extension: string): string {
  if (failure instanceof ApiError) {
    if (failure.status === 404 && failure.field === 'body.extension')
      return t('monitor.noExtension', { extension });
    if (failure.status === 404) return t('monitor.callGone');
    // 409: the call is busy with something a supervisor may not join (a consultation, a conference).
    if (failure.status === 409) return t('monitor.busy', { message: failure.message });
  }
  return errorText(t, failure);
}

export function LiveCalls(props: {
  calls: CtiCall[];
  now: number;
  /** The signed-in supervisor's username, when they may monitor calls (`calls:monitor`). */
  monitorAs?: string | undefined;
}) {
  const { t } = useI18n();
  const { monitorAs } = props;
  const [extension, setExtension] = useState(storedExtension);
  const [editing, setEditing] = useState(() => storedExtension() === '');
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [busy, setBusy] = useState<string>();
  const extensionInput = useRef<HTMLInputElement>(null);

  // Prefilled from the supervisor's agent profile, when they have one with an extension.
  useEffect(() => {
    if (!monitorAs || storedExtension() !== '') return;
    let cancelled = false;
    api<AgentProfile>('GET', `/api/v1/agent-profiles/${encodeURIComponent(monitorAs)}`).then(
      (profile) => {
        if (!cancelled && profile.extension) setExtension((e) => e || profile.extension!);
      },
      () => undefined, // no profile: the supervisor types their extension
    );
    return () => {
      cancelled = true;
    };
  }, [monitorAs]);

  // Ended calls leave the feed; their error goes with them.
  const live = props.calls.map((c) => c.callId).join(' ');
  useEffect(() => {
    const ids = new Set(live.split(' '));
    const prune = <V,>(map: ReadonlyMap<string, V>) =>
      [...map.keys()].every((id) => ids.has(id))
        ? map
        : new Map([...map].filter(([id]) => ids.has(id)));
    setErrors(prune);
  }, [live]);

  const setError = (callId: string, text: string | undefined) =>
    setErrors((current) => {
      const next = new Map(current);
      if (text === undefined) next.delete(callId);
      else next.set(callId, text);
      return next;
    });

  const monitor = async (callId: string, mode: MonitorMode) => {
    const phone = extension.trim();
    if (!EXTENSION_PATTERN.test(phone)) {
      setEditing(true);
      setError(callId, t('monitor.needExtension'));
      extensionInput.current?.focus();
      return;
    }
    setBusy(callId);
    setError(callId, undefined);
    try {
      await api(
        'POST',
        `/api/v1/calls/${encodeURIComponent(callId)}/monitor`,
        { mode, extension: phone },
        { 'idempotency-key': idempotencyKey() },
      );
      try {
        localStorage.setItem(EXTENSION_KEY, phone);
      } catch {
        // Private mode: the extension is asked again next time.
      }
      setEditing(false);
    } catch (failure) {
      setError(callId, monitorErrorText(t, failure, phone));
    } finally {
      setBusy(undefined);
    }
  };

  const phoneBar = monitorAs && (
    <form
      className="monitor-phone"
      data-testid="monitor-phone"
      onSubmit={(e) => {
        e.preventDefault();
        if (!EXTENSION_PATTERN.test(extension.trim())) return;
        try {
          localStorage.setItem(EXTENSION_KEY, extension.trim());
        } catch {
          // Kept for this visit only.
        }
        setEditing(false);
      }}
    >
      {editing ? (
        <>
          <label htmlFor="monitor-extension" className="inline-label">
            {t('monitor.phone')}
          </label>
          <input
            id="monitor-extension"
            ref={extensionInput}
            inputMode="numeric"
            pattern="[0-9]{2,16}"
            size={8}
            value={extension}
            title={t('monitor.phoneHint')}
            onChange={(e) => setExtension(e.target.value)}
          />
          <button type="submit">{t('common.save')}</button>
          <span className="hint">{t('monitor.phoneHint')}</span>
        </>
      ) : (
        <>
          <span className="muted">{t('monitor.ringsAt', { extension })}</span>
          <button type="button" className="link" onClick={() => setEditing(true)}>
            {t('monitor.change')}
          </button>
        </>
      )}
    </form>
  );

  if (props.calls.length === 0)
    return (
      <>
        {phoneBar}
        <Empty>{t('wall.noCalls')}</Empty>
      </>
    );
  const columns = monitorAs ? 6 : 5;
  return (
    <>
      {phoneBar}
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
            {monitorAs && <th scope="col">{t('monitor.title')}</th>}
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
            // The feed says who is on the call: the buttons follow it, not the last click.
            const mine = c.monitors?.find((m) => m.supervisor === monitorAs);
            const taken = c.monitors?.find((m) => m.supervisor !== monitorAs);
            const active = mine?.mode;
            const error = errors.get(c.callId);
            return [
              <tr key={c.callId} data-testid={`call-${c.callId}`} data-monitor={active}>
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
                <td>
                  {c.agentId ?? '—'} <MonitorBadges monitors={c.monitors} self={monitorAs} />
                </td>
                <td className={`num timer level-${level}`}>{formatDuration(ms)}</td>
                {monitorAs && (
                  <td className="monitor-cell">
                    {c.state === 'connected' &&
                      monitorModes.map((mode) => (
                        <button
                          key={mode}
                          type="button"
                          data-testid={`monitor-${mode}`}
                          aria-pressed={active === mode}
                          // One supervisor per call: another's monitor is theirs to change.
                          disabled={busy === c.callId || (taken !== undefined && !mine)}
                          title={
                            taken && !mine
                              ? t('monitor.taken', { supervisor: taken.supervisor })
                              : t(`monitor.hint.${mode}`)
                          }
                          onClick={() => {
                            if (active !== mode) void monitor(c.callId, mode);
                          }}
                        >
                          {t(`monitor.${mode}`)}
                        </button>
                      ))}
                  </td>
                )}
              </tr>,
              error && (
                <tr key={`${c.callId}-error`} className="row-error">
                  <td colSpan={columns}>
                    <p className="form-error" role="alert" data-testid="monitor-error">
                      {error}
                    </p>
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </>
  );
}
