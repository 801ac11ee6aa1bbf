// The SIP trunks (carriers): each one's server, where it comes from (the config file's are
// read-only), its status coloured as on the wallboard (registration, keep-alive; pushed over the
// CTI feed, not polled) and its calls out; a form to create one or edit the one chosen, whose
// passwords are write-only ("unchanged" when left empty); deletion after a second click (the
// server refuses a trunk with calls going out, and says so). The server checks every field and
// its complaint shows under that field.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { useCti } from '../../api/cti.ts';
import type { TrunkHealth, TrunkView } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { Empty, ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { Field, focusFirstInvalid, type FieldInputProps } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import {
  trunkBody,
  trunkFormPaths,
  trunkFormValues,
  type TrunkFormValues,
} from './trunk-document.ts';
import { GeneralErrors } from './general-errors.tsx';
import { RowConfirm } from './row-confirm.tsx';

export function TrunksPage() {
  const { t } = useI18n();
  const trunks = useResource(() => api<{ trunks: TrunkView[] }>('GET', '/api/v1/trunks'));
  // The wallboard's feed: a trunk's status changes arrive here as they happen.
  const live = useCti().state.telephony?.trunks;
  const [values, setValues] = useState<TrunkFormValues>(() => trunkFormValues());
  /** The trunk being edited; undefined while the form creates one. */
  const [editing, setEditing] = useState<TrunkView>();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [confirming, setConfirming] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const set = <K extends keyof TrunkFormValues>(key: K, value: TrunkFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const edit = (trunk: TrunkView) => {
    setEditing(trunk);
    setValues(trunkFormValues(trunk));
    setErrors(noErrors);
    setNotice(undefined);
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLInputElement>('#trunk-host')?.focus(),
    );
  };
  const reset = () => {
    setEditing(undefined);
    setValues(trunkFormValues());
    setErrors(noErrors);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const name = values.name.trim();
    const fieldError = (key: string, text: string) =>
      setErrors({ fields: new Map([[key, text]]), general: [] });
    if (name === '') return fieldError('name', t('trunks.required'));
    if (!editing && trunks.data?.trunks.some((tr) => tr.name === name))
      return fieldError('name', t('trunks.exists', { name }));
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await api<{ trunk: TrunkView }>(
        'PUT',
        `/api/v1/trunks/${encodeURIComponent(name)}`,
        trunkBody(values),
      );
      setNotice(
        editing
          ? t('trunks.saved', { name, version: saved.trunk.version ?? 1 })
          : t('trunks.created', { name }),
      );
      reset();
      trunks.reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setNotice(undefined);
      setErrors(formErrors(failure, trunkFormPaths, (e) => errorText(t, e)));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (name: string) => {
    setBusy(true);
    setErrors(noErrors);
    try {
      await api('DELETE', `/api/v1/trunks/${encodeURIComponent(name)}`);
      setNotice(t('trunks.deleted', { name }));
      if (editing?.name === name) reset();
      trunks.reload();
    } catch (failure) {
      // The server's refusal (calls going out, a flow transferring through it) says what to do.
      setNotice(undefined);
      setErrors({ fields: new Map(), general: [errorText(t, failure)] });
    } finally {
      setConfirming(undefined);
      setBusy(false);
    }
  };

  const field = (
    key: (typeof trunkFormPaths)[number],
    id: string,
    label: string,
    hint: string | undefined,
    input: (props: FieldInputProps) => ReactNode,
  ) => (
    <Field id={id} label={label} error={errors.fields.get(key)} hint={hint}>
      {input}
    </Field>
  );
  const text = (key: keyof TrunkFormValues, props: { inputMode?: 'numeric' } = {}) => ({
    autoComplete: 'off',
    ...props,
    value: values[key] as string,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  const password = (key: 'inboundPassword' | 'outboundPassword', stored: boolean) => ({
    type: 'password',
    autoComplete: 'new-password',
    placeholder: stored ? t('trunks.unchanged') : undefined,
    value: values[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  const check = (key: 'tlsAcceptSelfSigned' | 'register' | 'passCallerId' | 'outbound') => ({
    id: `trunk-${key}`,
    type: 'checkbox',
    checked: values[key],
    onChange: (e: { target: { checked: boolean } }) => set(key, e.target.checked),
  });
  const checkError = (key: (typeof trunkFormPaths)[number]) =>
    errors.fields.get(key) && (
      <p className="field-error" data-testid={`trunk-${key}-error`}>
        {errors.fields.get(key)}
      </p>
    );
  const inboundStored = editing?.inbound.passwordSet ?? false;
  const outboundStored = editing?.outbound?.passwordSet ?? false;

  return (
    <section className="panel" aria-labelledby="trunks-title" data-testid="trunks-page">
      <h2 id="trunks-title">{t('admin.trunks')}</h2>
      <p className="hint">{t('trunks.hint')}</p>
      {notice && (
        <div className="ok notice" role="status" data-testid="trunks-notice">
          <p>{notice}</p>
        </div>
      )}
      <GeneralErrors messages={errors.general} testId="trunks-error" />
      {trunks.error ? (
        <ErrorState error={trunks.error} onRetry={trunks.reload} />
      ) : !trunks.data ? (
        <Loading />
      ) : trunks.data.trunks.length === 0 ? (
        <Empty>{t('trunks.none')}</Empty>
      ) : (
        <table className="grid" data-testid="trunks">
          <thead>
            <tr>
              <th scope="col">{t('trunks.name')}</th>
              <th scope="col">{t('trunks.source')}</th>
              <th scope="col">{t('trunks.server')}</th>
              <th scope="col">{t('trunks.status')}</th>
              <th scope="col">{t('trunks.calls')}</th>
              <th scope="col">
                <span className="sr-only">{t('codes.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {trunks.data.trunks.map((tr) => {
              const status = live?.find((s) => s.name === tr.name) ?? tr.status;
              return (
                <tr key={tr.name} data-trunk={tr.name}>
                  <th scope="row" className="nowrap">
                    {tr.name}
                  </th>
                  <td data-col="source">
                    {tr.source === 'config' ? t('trunks.sourceConfig') : t('trunks.sourceApi')}
                  </td>
                  <td data-col="server" className="nowrap">
                    {tr.host}:{tr.port}/{tr.transport}
                  </td>
                  <td data-col="status">
                    <TrunkStatus t={t} status={status} />
                  </td>
                  <td data-col="calls">
                    {status === null
                      ? '—'
                      : tr.maxConcurrentCalls === null
                        ? status.activeCalls
                        : t('trunks.callsOf', {
                            active: status.activeCalls,
                            max: tr.maxConcurrentCalls,
                          })}
                  </td>
                  <td className="row-actions">
                    {tr.source === 'config' ? (
                      <span className="muted">{t('trunks.readOnly')}</span>
                    ) : (
                      <RowConfirm
                        confirming={confirming === tr.name}
                        question={t('trunks.deleteConfirm', { name: tr.name })}
                        busy={busy}
                        onConfirm={() => void remove(tr.name)}
                        onCancel={() => setConfirming(undefined)}
                      >
                        <button
                          type="button"
                          aria-label={t('trunks.editN', { name: tr.name })}
                          onClick={() => edit(tr)}
                        >
                          {t('trunks.edit')}
                        </button>
                        <button
                          type="button"
                          aria-label={t('trunks.deleteN', { name: tr.name })}
                          onClick={() => setConfirming(tr.name)}
                        >
                          {t('codes.delete')}
                        </button>
                      </RowConfirm>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <form
        ref={form}
        className="code-form trunk-form"
        noValidate
        onSubmit={(e) => void save(e)}
        data-testid="trunk-form"
      >
        <h3>{editing ? t('trunks.editTitle', { name: editing.name }) : t('trunks.createTitle')}</h3>
        <div className="field-grid">
          {field('name', 'trunk-name', t('trunks.name'), t('trunks.nameHint'), (input) => (
            <input {...input} required readOnly={editing !== undefined} {...text('name')} />
          ))}
          {field('host', 'trunk-host', t('trunks.host'), t('trunks.hostHint'), (input) => (
            <input {...input} required {...text('host')} />
          ))}
          {field('port', 'trunk-port', t('trunks.port'), t('trunks.portHint'), (input) => (
            <input {...input} {...text('port', { inputMode: 'numeric' })} />
          ))}
          {field('transport', 'trunk-transport', t('trunks.transport'), undefined, (input) => (
            <select
              {...input}
              value={values.transport}
              onChange={(e) => set('transport', e.target.value as TrunkFormValues['transport'])}
            >
              <option value="udp">UDP</option>
              <option value="tcp">TCP</option>
              <option value="tls">TLS</option>
            </select>
          ))}
        </div>
        {values.transport === 'tls' && (
          <label className="check">
            <input {...check('tlsAcceptSelfSigned')} /> {t('trunks.tlsSelfSigned')}
          </label>
        )}
        {checkError('tlsAcceptSelfSigned')}

        <fieldset>
          <legend>{t('trunks.inbound')}</legend>
          {checkError('inbound')}
          <div className="field-grid">
            {field(
              'inbound.addresses',
              'trunk-inbound-addresses',
              t('trunks.inboundAddresses'),
              t('trunks.inboundAddressesHint'),
              (input) => (
                <input {...input} {...text('inboundAddresses')} />
              ),
            )}
            {field(
              'inbound.username',
              'trunk-inbound-username',
              t('trunks.inboundUsername'),
              t('trunks.inboundUsernameHint'),
              (input) => (
                <input {...input} {...text('inboundUsername')} />
              ),
            )}
            {field(
              'inbound.password',
              'trunk-inbound-password',
              t('trunks.password'),
              inboundStored ? t('trunks.unchangedHint') : t('trunks.inboundPasswordHint'),
              (input) => (
                <input {...input} {...password('inboundPassword', inboundStored)} />
              ),
            )}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('trunks.outbound')}</legend>
          <label className="check">
            <input {...check('outbound')} /> {t('trunks.outboundEnabled')}
          </label>
          {checkError('outbound')}
          {values.outbound && (
            <>
              <div className="field-grid">
                {field(
                  'outbound.username',
                  'trunk-outbound-username',
                  t('trunks.outboundUsername'),
                  undefined,
                  (input) => (
                    <input {...input} {...text('outboundUsername')} />
                  ),
                )}
                {field(
                  'outbound.password',
                  'trunk-outbound-password',
                  t('trunks.password'),
                  outboundStored ? t('trunks.unchangedHint') : t('trunks.outboundPasswordHint'),
                  (input) => (
                    <input {...input} {...password('outboundPassword', outboundStored)} />
                  ),
                )}
                {field(
                  'outbound.registerExpires',
                  'trunk-outbound-registerExpires',
                  t('trunks.registerExpires'),
                  t('trunks.registerExpiresHint'),
                  (input) => (
                    <input {...input} {...text('registerExpires', { inputMode: 'numeric' })} />
                  ),
                )}
                {field(
                  'outbound.fromUser',
                  'trunk-outbound-fromUser',
                  t('trunks.fromUser'),
                  t('trunks.fromUserHint'),
                  (input) => (
                    <input {...input} {...text('fromUser')} />
                  ),
                )}
                {field(
                  'outbound.fromDomain',
                  'trunk-outbound-fromDomain',
                  t('trunks.fromDomain'),
                  t('trunks.fromDomainHint'),
                  (input) => (
                    <input {...input} {...text('fromDomain')} />
                  ),
                )}
              </div>
              <label className="check">
                <input {...check('register')} /> {t('trunks.register')}
              </label>
              {checkError('outbound.register')}
              <label className="check">
                <input {...check('passCallerId')} /> {t('trunks.passCallerId')}
              </label>
              {checkError('outbound.passCallerId')}
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('trunks.other')}</legend>
          {checkError('dial')}
          <div className="field-grid">
            {field(
              'keepAliveSeconds',
              'trunk-keepAliveSeconds',
              t('trunks.keepAlive'),
              t('trunks.keepAliveHint'),
              (input) => (
                <input {...input} {...text('keepAliveSeconds', { inputMode: 'numeric' })} />
              ),
            )}
            {field(
              'maxConcurrentCalls',
              'trunk-maxConcurrentCalls',
              t('trunks.maxCalls'),
              t('trunks.maxCallsHint'),
              (input) => (
                <input {...input} {...text('maxConcurrentCalls', { inputMode: 'numeric' })} />
              ),
            )}
            {field(
              'dial.stripPrefix',
              'trunk-dial-stripPrefix',
              t('trunks.stripPrefix'),
              t('trunks.stripPrefixHint'),
              (input) => (
                <input {...input} {...text('stripPrefix')} />
              ),
            )}
            {field(
              'dial.addPrefix',
              'trunk-dial-addPrefix',
              t('trunks.addPrefix'),
              t('trunks.addPrefixHint'),
              (input) => (
                <input {...input} {...text('addPrefix')} />
              ),
            )}
          </div>
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? t('common.save') : t('trunks.create')}
          </button>
          {editing && (
            <button type="button" onClick={reset}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** The verdict coloured as on the wallboard, and what it rests on. */
function TrunkStatus(props: { t: Translate; status: TrunkHealth | null }) {
  const { t, status } = props;
  if (status === null) return <span className="muted">{t('trunks.notRunning')}</span>;
  const parts = [
    status.registration &&
      t('trunks.registrationState', { state: t(`trunks.reg.${status.registration.state}`) }),
    status.keepAlive &&
      t('trunks.keepAliveState', { state: t(`wall.health.status.${status.keepAlive.state}`) }),
    status.error ?? status.registration?.reason,
  ].filter(Boolean);
  return (
    <>
      <span
        className={`health-pill health-${status.status}`}
        data-status={status.status}
        title={t(`wall.health.status.${status.status}`)}
      >
        {t(`wall.health.status.${status.status}`)}
      </span>
      {parts.length > 0 && <span className="trunk-detail">{parts.join(' · ')}</span>}
    </>
  );
}
