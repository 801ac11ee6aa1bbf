// The agent desk: log in on an extension, go ready / not ready with a reason,
// wrap-up with its timer and disposition, the current call with its controls,
// all kept live by the CTI feed, and a hotkey for every action (listed on screen).
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { AgentView, CallRecord, Me } from '../../api/types.ts';
import { translateCode, useI18n } from '../../i18n/i18n.tsx';
import { LiveBadge } from '../../ui/live-badge.tsx';
import { ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { AgentStateLine } from './agent-state-line.tsx';
import { AnswerButton } from './answer-button.tsx';
import { CallPanel } from './call-panel.tsx';
import {
  actionForKey,
  deskActions,
  type AgentState,
  type ConsultPhase,
  type DeskAction,
} from './desk-actions.ts';
import { DeskShortcuts } from './desk-shortcuts.tsx';
import { DtmfPad } from './dtmf-pad.tsx';
import { ExtensionLogin } from './extension-login.tsx';
import { SCREEN_POP_ID, ScreenPop } from './screen-pop.tsx';
import { TransferForm, type TransferTarget } from './transfer-form.tsx';
import { useDeskAgent } from './use-desk-agent.ts';
import { WrapUpForm } from './wrap-up-form.tsx';

/** crypto.randomUUID exists only in secure contexts; a desk may be served over plain HTTP. */
function idempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function DeskPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const agentId = me.user.username;
  const readsCalls = me.permissions.includes('calls:read');
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string }>();
  const [busy, setBusy] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [padOpen, setPadOpen] = useState(false);
  const [lastCallId, setLastCallId] = useState<string>();
  const [record, setRecord] = useState<CallRecord>();
  const { agent, setAgent, loadError, load, reasons, reason, setReason, cti } = useDeskAgent(
    agentId,
    me.permissions.includes('agents:read'),
    {
      onCall: setLastCallId,
      onAnswerFailed: () => setMessage({ kind: 'error', text: t('desk.answerFailed') }),
    },
  );

  const state = (agent?.state ?? 'logged-out') as AgentState;
  const ctiAgent = cti.state.agents.get(agentId);
  const call =
    [...cti.state.calls.values()].find((c) => c.agentId === agentId) ??
    (ctiAgent?.callId ? cti.state.calls.get(ctiAgent.callId) : undefined);
  const callId = call?.callId;
  const consult: ConsultPhase =
    call?.consult?.phase === 'ended' ? 'none' : (call?.consult?.phase ?? 'none');
  useEffect(() => {
    if (call) setLastCallId(call.callId);
  }, [call]);

  // The screen pop follows the call and stays through its wrap-up (the agent may create the
  // customer after hanging up), so the caller's number is remembered past the call's end.
  const callerNumber = call ? call.caller.e164 || call.caller.number : undefined;
  const [popCall, setPopCall] = useState<{ callId: string; number: string }>();
  useEffect(() => {
    if (callId !== undefined && callerNumber !== undefined)
      setPopCall({ callId, number: callerNumber });
  }, [callId, callerNumber]);
  const pop = call
    ? { callId: call.callId, number: callerNumber ?? '' }
    : state === 'wrap-up' && popCall?.callId === lastCallId
      ? popCall
      : undefined;

  // The IVR path and collected data come from the call's record, for roles that may read it.
  useEffect(() => {
    if (!callId || !readsCalls) return;
    api<CallRecord>('GET', `/api/v1/calls/${encodeURIComponent(callId)}`).then(setRecord, () =>
      setRecord(undefined),
    );
  }, [callId, readsCalls, call?.state]);

  const act = useCallback(
    async (path: string, body?: unknown) => {
      setBusy(true);
      setMessage(undefined);
      try {
        // A retried call action carries the same key, so it never happens twice.
        const headers: Record<string, string> = path.startsWith('/api/v1/calls/')
          ? { 'idempotency-key': idempotencyKey() }
          : {};
        const view = await api<AgentView | undefined>('POST', path, body, headers);
        if (view && typeof view === 'object' && 'state' in view) setAgent(view);
      } catch (failure) {
        const missing =
          failure instanceof ApiError &&
          failure.status === 404 &&
          path.startsWith('/api/v1/calls') &&
          /there is no POST/.test(failure.message);
        setMessage({
          kind: 'error',
          text: missing ? t('desk.callUnavailable') : errorText(t, failure),
        });
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  const callPath = call ? `/api/v1/calls/${encodeURIComponent(call.callId)}` : '';
  const run = useCallback(
    (action: DeskAction) => {
      if (!action.enabled(state, consult) || busy) return;
      switch (action.id) {
        case 'ready':
          return void act('/api/v1/agents/me/ready');
        case 'not-ready':
          return void act('/api/v1/agents/me/not-ready', { reason });
        case 'logout':
          return void act('/api/v1/agents/me/logout');
        case 'hold':
          return void act(`${callPath}/${state === 'held' ? 'resume' : 'hold'}`);
        case 'transfer':
          setTransferOpen(true);
          return;
        case 'hangup':
          return void act(`${callPath}/hangup`);
        case 'dtmf':
          setPadOpen((open) => !open);
          return;
        case 'complete':
          return void act(`${callPath}/consult/complete`);
        case 'conference':
          return void act(`${callPath}/conference`);
        case 'cancel-consult':
          return void act(`${callPath}/consult/cancel`);
        case 'customer': {
          // The first control in the pop (a candidate, the name field), else the pop itself.
          const section = document.getElementById(SCREEN_POP_ID);
          (section?.querySelector<HTMLElement>('button, input, select') ?? section)?.focus();
          return;
        }
      }
    },
    [state, consult, busy, act, reason, callPath],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = actionForKey(event);
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  if (loadError) return <ErrorState error={loadError} onRetry={() => void load()} />;
  if (agent === undefined) return <Loading />;
  if (agent === null || agent.state === 'logged-out')
    return (
      <ExtensionLogin
        initial={agent?.extension ?? /\d{3,}$/.exec(agentId)?.[0] ?? ''}
        onLoggedIn={setAgent}
      />
    );

  const button = (action: DeskAction) => (
    <button
      key={action.id}
      type="button"
      className={`action action-${action.id}`}
      disabled={!action.enabled(state, consult) || busy}
      onClick={() => run(action)}
      aria-keyshortcuts={action.keys}
      data-testid={`action-${action.id}`}
    >
      {action.id === 'hold' && state === 'held' ? t('action.resume') : t(action.label)}
      <kbd>{action.keys}</kbd>
    </button>
  );
  const byId = (id: DeskAction['id']) => deskActions.find((a) => a.id === id)!;

  return (
    <div className="desk">
      <section className="panel state-panel" aria-labelledby="state-title">
        <h2 id="state-title">
          {t('desk.state')}
          <LiveBadge status={cti.status} />
        </h2>
        <AgentStateLine agent={agent} />
        {!agent.registered && (
          <p className="warning" role="status">
            {t('desk.phoneUnregistered')}
          </p>
        )}
        <div className="state-actions">
          {button(byId('ready'))}
          <div className="with-reason">
            <label htmlFor="reason">{t('desk.reason')}</label>
            <select id="reason" value={reason} onChange={(e) => setReason(e.target.value)}>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {translateCode(t, 'reason', r)}
                </option>
              ))}
            </select>
            {button(byId('not-ready'))}
          </div>
          {button(byId('logout'))}
        </div>
        {message && (
          <p className={message.kind === 'error' ? 'form-error' : 'info'} role="alert">
            {message.text}
          </p>
        )}
        {cti.status === 'unavailable' && <p className="hint">{t('desk.feedLimited')}</p>}
        <dl className="facts compact">
          <dt>{t('desk.answeredToday')}</dt>
          <dd data-testid="calls-answered">{agent.callsAnswered}</dd>
        </dl>
      </section>

      <CallPanel
        call={call}
        record={record && record.callId === call?.callId ? record : undefined}
        recordHidden={!readsCalls}
        ready={state === 'ready'}
        controls={
          <>
            <AnswerButton
              callId={agent.remoteAnswerCallId}
              busy={busy}
              onAnswer={(id) => void act(`/api/v1/calls/${encodeURIComponent(id)}/answer`)}
            />
            {deskActions.filter((a) => a.kind === 'call').map(button)}
            {call?.consult && consult !== 'none' && (
              <div className="consult-bar" role="status" data-testid="consult">
                <span data-phase={consult}>
                  {t(`consult.${consult}`, { target: call.consult.target ?? '' })}
                </span>
                {deskActions.filter((a) => a.kind === 'consult').map(button)}
              </div>
            )}
            {transferOpen && (
              <TransferForm
                queues={[...cti.state.queues.keys()]}
                agents={[...cti.state.agents.values()]}
                self={agentId}
                readsExtensions={me.permissions.includes('extensions:read')}
                onCancel={() => setTransferOpen(false)}
                onTransfer={(target: TransferTarget) => {
                  setTransferOpen(false);
                  void act(`${callPath}/transfer`, { target });
                }}
                onConsult={(target) => {
                  setTransferOpen(false);
                  void act(`${callPath}/consult`, { target });
                }}
              />
            )}
            {padOpen && state === 'on-call' && (
              <DtmfPad
                onClose={() => setPadOpen(false)}
                onDigit={(digit) =>
                  void api(
                    'POST',
                    `${callPath}/dtmf`,
                    { digits: digit },
                    {
                      'idempotency-key': idempotencyKey(),
                    },
                  ).catch((failure: unknown) =>
                    setMessage({ kind: 'error', text: errorText(t, failure) }),
                  )
                }
              />
            )}
          </>
        }
      >
        {pop && me.permissions.includes('customers:read') && (
          <ScreenPop
            // Not the bare call id: the wrap-up form beside it has that key.
            key={`pop-${pop.callId}`}
            callId={pop.callId}
            number={pop.number}
            canWrite={me.permissions.includes('customers:write')}
          />
        )}
        {state === 'wrap-up' && lastCallId && <WrapUpForm key={lastCallId} callId={lastCallId} />}
      </CallPanel>

      <DeskShortcuts />
    </div>
  );
}
