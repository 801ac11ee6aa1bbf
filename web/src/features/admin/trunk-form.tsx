// The form that creates a trunk or edits the one chosen: server, transport, inbound and outbound
// credentials (passwords write-only: "unchanged" when left empty), dialing; each field shows the
// server's complaint about it underneath.
import type { FormEvent, ReactNode, RefObject } from 'react';
import type { TrunkView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, type FieldInputProps } from './field.tsx';
import type { FormErrors } from './form-errors.ts';
import type { TrunkFormValues, trunkFormPaths } from './trunk-document.ts';

export function TrunkForm(props: {
  form: RefObject<HTMLFormElement | null>;
  values: TrunkFormValues;
  set: <K extends keyof TrunkFormValues>(key: K, value: TrunkFormValues[K]) => void;
  /** The trunk being edited; undefined while the form creates one. */
  editing: TrunkView | undefined;
  errors: FormErrors;
  busy: boolean;
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { values, set, editing, errors } = props;
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
  const text = (key: keyof TrunkFormValues, extra: { inputMode?: 'numeric' } = {}) => ({
    autoComplete: 'off',
    ...extra,
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
    <form
      ref={props.form}
      className="code-form trunk-form"
      noValidate
      onSubmit={props.onSubmit}
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
        <button type="submit" className="primary" disabled={props.busy}>
          {editing ? t('common.save') : t('trunks.create')}
        </button>
        {editing && (
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
