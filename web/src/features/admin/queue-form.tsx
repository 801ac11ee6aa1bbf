// Creating or editing a queue: the day-to-day settings as a form, saved with PUT so the running
// ACD applies them at once; the server checks them and each complaint shows on its field.
// Deleting is here too: the server refuses a queue that calls wait in or a flow sends calls to.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { FlowSummary, QueueView } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { formatTime } from '../../ui/time.ts';
import { ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import {
  effectiveValue,
  knownStrategies,
  queueDocumentFrom,
  queueFieldPaths,
  queueFormPaths,
  queueFormValues,
  serviceLevelVariants,
  type QueueFormValues,
} from './queue-document.ts';
import { QueueSkills } from './queue-skills.tsx';
import { FormActions } from './form-actions.tsx';
import { GeneralErrors } from './general-errors.tsx';

/** Loads the queue to edit (none for a new one), then shows the form. */
export function QueueEditor(props: { name?: string; onDone: (notice: string) => void }) {
  const { name } = props;
  const queue = useResource(
    () =>
      name === undefined
        ? Promise.resolve(undefined)
        : api<QueueView>('GET', `/api/v1/queues/${encodeURIComponent(name)}`),
    [name],
  );
  if (queue.error) return <ErrorState error={queue.error} onRetry={queue.reload} />;
  if (queue.loading && !queue.data) return <Loading />;
  return <QueueForm key={name ?? ''} queue={queue.data} onDone={props.onDone} />;
}

type Key = keyof typeof queueFieldPaths;

function QueueForm({ queue, onDone }: { queue?: QueueView; onDone: (notice: string) => void }) {
  const { t, language } = useI18n();
  const editing = queue !== undefined;
  const [values, setValues] = useState<QueueFormValues>(() => queueFormValues(queue?.document));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const flows = useResource(() => api<{ flows: FlowSummary[] }>('GET', '/api/v1/ivr/flows'));
  const stored = queueFormValues(queue?.document);

  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const set = <K extends keyof QueueFormValues>(key: K, value: QueueFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  /** What an empty input means: the queue's current default, or just "the default". */
  const placeholder = (key: Key): string => {
    const value = queue && stored[key] === '' ? effectiveValue(queue.config, key) : undefined;
    if (value === null && (key === 'maxWaiting' || key === 'maxWaitSeconds'))
      return t('queue.defaultNoLimit');
    if (value === undefined || value === null) return t('queue.default');
    return t('queue.defaultIs', {
      value: typeof value === 'boolean' ? t(value ? 'queue.yes' : 'queue.no') : value,
    });
  };
  const error = (key: Key) => errors.fields.get(queueFieldPaths[key]);
  const numberField = (key: Key, label: MessageKey, unit?: MessageKey) => (
    <Field id={`queue-${key}`} label={t(label)} error={error(key)} hint={unit && t(unit)}>
      {(input) => (
        <input
          {...input}
          type="number"
          inputMode="numeric"
          placeholder={placeholder(key)}
          value={values[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );
  const choiceField = (key: 'wrapUpUntilAgentEnds' | 'announceAtJoin', label: MessageKey) => (
    <Field id={`queue-${key}`} label={t(label)} error={error(key)}>
      {(input) => (
        <select
          {...input}
          value={values[key]}
          onChange={(e) => set(key, e.target.value as QueueFormValues[typeof key])}
        >
          <option value="">{placeholder(key)}</option>
          <option value="yes">{t('queue.yes')}</option>
          <option value="no">{t('queue.no')}</option>
        </select>
      )}
    </Field>
  );

  const fail = (failure: unknown) => {
    if (failure instanceof ApiError && failure.status === 401) return;
    setErrors(formErrors(failure, queueFormPaths(values), (e) => errorText(t, e)));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const name = values.name.trim();
    if (name === '') {
      setErrors({ fields: new Map([['name', t('queue.nameRequired')]]), general: [] });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await api<{ queue: QueueView }>(
        'PUT',
        `/api/v1/queues/${encodeURIComponent(name)}`,
        queueDocumentFrom(values, queue?.document),
      );
      onDone(
        t(saved.queue.version === 1 ? 'queue.created' : 'queue.saved', {
          name,
          version: saved.queue.version,
        }),
      );
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!queue) return;
    setBusy(true);
    setErrors(noErrors);
    try {
      await api('DELETE', `/api/v1/queues/${encodeURIComponent(queue.name)}`);
      onDone(t('queue.deleted', { name: queue.name }));
    } catch (failure) {
      // The server's refusal (calls waiting, a flow or queue naming it) says what to change first.
      setErrors({ fields: new Map(), general: [errorText(t, failure)] });
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={form}
      className="panel queue-form"
      aria-labelledby="queue-form-title"
      noValidate
      onSubmit={(e) => void save(e)}
    >
      <div className="toolbar">
        <a href="/admin/queues" onClick={onLinkClick}>
          ← {t('queue.back')}
        </a>
        <h2 id="queue-form-title">
          {editing ? t('queue.editTitle', { name: queue.name }) : t('queue.newTitle')}
        </h2>
        {editing && (
          <span className="muted">
            {t('queue.versionBy', {
              version: queue.version,
              time: formatTime(queue.updatedAt, language),
              by: queue.updatedBy,
            })}
          </span>
        )}
      </div>
      <GeneralErrors messages={errors.general} testId="queue-form-error" />

      <fieldset>
        <legend>{t('queue.routing')}</legend>
        <div className="field-grid">
          <Field
            id="queue-name"
            label={t('queue.name')}
            error={error('name')}
            hint={t('queue.nameHint')}
          >
            {(input) => (
              <input
                {...input}
                required
                autoFocus={!editing}
                readOnly={editing}
                autoComplete="off"
                value={values.name}
                onChange={(e) => set('name', e.target.value)}
              />
            )}
          </Field>
          <Field id="queue-strategy" label={t('queue.strategy')} error={error('strategy')}>
            {(input) => (
              <select
                {...input}
                value={values.strategy}
                onChange={(e) => set('strategy', e.target.value)}
              >
                <option value="">{placeholder('strategy')}</option>
                {[...new Set([...knownStrategies, stored.strategy].filter(Boolean))].map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {numberField('priority', 'queue.priority', 'queue.priorityHint')}
        </div>
        <QueueSkills
          skills={values.skills}
          errors={errors.fields}
          onChange={(skills) => set('skills', skills)}
        />
      </fieldset>

      <fieldset>
        <legend>{t('queue.serviceLevel')}</legend>
        <div className="field-grid">
          {numberField('slPercent', 'queue.slPercent', 'queue.percentHint')}
          {numberField('slSeconds', 'queue.slSeconds', 'queue.secondsHint')}
          <Field id="queue-slVariant" label={t('queue.slVariant')} error={error('slVariant')}>
            {(input) => (
              <select
                {...input}
                value={values.slVariant}
                onChange={(e) => set('slVariant', e.target.value as QueueFormValues['slVariant'])}
              >
                <option value="">{placeholder('slVariant')}</option>
                {serviceLevelVariants.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('queue.timing')}</legend>
        <div className="field-grid">
          {numberField('ringTimeoutSeconds', 'queue.ringTimeout', 'queue.secondsHint')}
          {numberField('wrapUpSeconds', 'queue.wrapUp', 'queue.secondsHint')}
          {choiceField('wrapUpUntilAgentEnds', 'queue.wrapUpUntilAgentEnds')}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('queue.waitingCalls')}</legend>
        <div className="field-grid">
          {numberField('maxWaiting', 'queue.maxWaiting')}
          {numberField('maxWaitSeconds', 'queue.maxWait', 'queue.secondsHint')}
          <Field id="queue-overflowKind" label={t('queue.overflow')} error={error('overflowKind')}>
            {(input) => (
              <select
                {...input}
                value={values.overflowKind}
                onChange={(e) =>
                  set('overflowKind', e.target.value as QueueFormValues['overflowKind'])
                }
              >
                <option value="">{placeholder('overflowKind')}</option>
                {(['voicemail', 'callback', 'flow'] as const).map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`queue.overflow.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {values.overflowKind === 'flow' && (
            <Field
              id="queue-overflowFlow"
              label={t('queue.overflowFlow')}
              error={error('overflowFlow')}
            >
              {(input) => (
                <input
                  {...input}
                  list="queue-flows"
                  value={values.overflowFlow}
                  onChange={(e) => set('overflowFlow', e.target.value)}
                />
              )}
            </Field>
          )}
          {choiceField('announceAtJoin', 'queue.announceAtJoin')}
          {numberField('announceEverySeconds', 'queue.announceEvery', 'queue.announceEveryHint')}
        </div>
        <datalist id="queue-flows">
          {(flows.data?.flows ?? []).map((f) => (
            <option key={f.name} value={f.name} />
          ))}
        </datalist>
      </fieldset>
      <p className="hint">{t('queue.keptHint')}</p>

      <FormActions
        busy={busy}
        submit={editing ? t('common.save') : t('queue.create')}
        back="/admin/queues"
        {...(editing && {
          remove: {
            label: t('queue.delete'),
            question: t('queue.deleteConfirm', { name: queue.name }),
            confirming: confirmDelete,
            onConfirming: setConfirmDelete,
            onConfirm: () => void remove(),
          },
        })}
      />
      {editing && (
        <details className="effective">
          <summary>{t('queue.effective')}</summary>
          <pre>{JSON.stringify(queue.config, null, 2)}</pre>
        </details>
      )}
    </form>
  );
}
