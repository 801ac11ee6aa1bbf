// One list of codes (not-ready reasons or disposition codes): the codes in the desk's order with
// their Chinese and English labels, a form to add one or edit the one chosen, and deletion
// after a second click. The desk offers a change at once.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { ReasonCode } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty, ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import { GeneralErrors } from './general-errors.tsx';
import { RowConfirm } from './row-confirm.tsx';

export type CodeResource = 'reason-codes' | 'disposition-codes';

interface Draft {
  code: string;
  zh: string;
  en: string;
  active: boolean;
}

const blank: Draft = { code: '', zh: '', en: '', active: true };
const paths = ['code', 'labels', 'labels.zh', 'labels.en', 'active'];

export function CodeList(props: { resource: CodeResource; title: string; hint: string }) {
  const { t } = useI18n();
  const { resource } = props;
  const base = `/api/v1/${resource}`;
  const codes = useResource(() => api<{ codes: ReasonCode[] }>('GET', base), [base]);
  const [draft, setDraft] = useState<Draft>(blank);
  /** The code being edited; undefined while the form adds a new one. */
  const [editing, setEditing] = useState<string>();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [confirming, setConfirming] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const id = (field: string) => `${resource}-${field}`;

  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const edit = (code: ReasonCode) => {
    setEditing(code.code);
    setDraft({ code: code.code, zh: code.labels.zh, en: code.labels.en, active: code.active });
    setErrors(noErrors);
    setNotice(undefined);
    // The form is below the list: take the keyboard there.
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLInputElement>(`#${id('zh')}`)?.focus(),
    );
  };
  const reset = () => {
    setEditing(undefined);
    setDraft(blank);
    setErrors(noErrors);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const code = draft.code.trim();
    if (code === '') {
      setErrors({ fields: new Map([['code', t('codes.codeRequired')]]), general: [] });
      return;
    }
    if (!editing && codes.data?.codes.some((c) => c.code === code)) {
      // PUT would quietly replace it: adding is for new codes, editing goes through the list.
      setErrors({ fields: new Map([['code', t('codes.exists', { code })]]), general: [] });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      await api<ReasonCode>('PUT', `${base}/${encodeURIComponent(code)}`, {
        labels: { zh: draft.zh.trim(), en: draft.en.trim() },
        active: draft.active,
      });
      setNotice(t(editing ? 'codes.saved' : 'codes.added', { code }));
      reset();
      codes.reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setErrors(formErrors(failure, paths, (e) => errorText(t, e)));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (code: string) => {
    setBusy(true);
    try {
      await api('DELETE', `${base}/${encodeURIComponent(code)}`);
      setNotice(t('codes.deleted', { code }));
      if (editing === code) reset();
      codes.reload();
    } catch (failure) {
      setErrors({ fields: new Map(), general: [errorText(t, failure)] });
    } finally {
      setConfirming(undefined);
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={id('title')} data-testid={`codes-${resource}`}>
      <h2 id={id('title')}>{props.title}</h2>
      <p className="hint">{props.hint}</p>
      {notice && (
        <p className="ok notice" role="status">
          {notice}
        </p>
      )}
      {codes.error ? (
        <ErrorState error={codes.error} onRetry={codes.reload} />
      ) : !codes.data ? (
        <Loading />
      ) : codes.data.codes.length === 0 ? (
        <Empty>{t('codes.none')}</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('codes.code')}</th>
              <th scope="col">{t('codes.zh')}</th>
              <th scope="col">{t('codes.en')}</th>
              <th scope="col">{t('codes.active')}</th>
              <th scope="col">
                <span className="sr-only">{t('codes.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {codes.data.codes.map((c) => (
              <tr key={c.code} data-code={c.code} className={c.active ? undefined : 'inactive'}>
                <th scope="row" className="nowrap">
                  <code>{c.code}</code>
                </th>
                <td lang="zh-CN">{c.labels.zh}</td>
                <td lang="en">{c.labels.en}</td>
                <td>
                  {c.active ? t('queue.yes') : <span className="muted">{t('queue.no')}</span>}
                </td>
                <td className="row-actions">
                  <RowConfirm
                    confirming={confirming === c.code}
                    question={t('codes.deleteConfirm', { code: c.code })}
                    busy={busy}
                    onConfirm={() => void remove(c.code)}
                    onCancel={() => setConfirming(undefined)}
                  >
                    <button
                      type="button"
                      aria-label={t('codes.editCode', { code: c.code })}
                      onClick={() => edit(c)}
                    >
                      {t('codes.edit')}
                    </button>
                    <button
                      type="button"
                      aria-label={t('codes.deleteCode', { code: c.code })}
                      onClick={() => setConfirming(c.code)}
                    >
                      {t('codes.delete')}
                    </button>
                  </RowConfirm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form ref={form} className="code-form" noValidate onSubmit={(e) => void save(e)}>
        <h3>{editing ? t('codes.editTitle', { code: editing }) : t('codes.addTitle')}</h3>
        <GeneralErrors messages={errors.general} />
        <div className="field-grid">
          <Field
            id={id('code')}
            label={t('codes.code')}
            error={errors.fields.get('code')}
            hint={t('codes.codeHint')}
          >
            {(input) => (
              <input
                {...input}
                required
                readOnly={editing !== undefined}
                autoComplete="off"
                value={draft.code}
                onChange={(e) => setDraft({ ...draft, code: e.target.value })}
              />
            )}
          </Field>
          <Field
            id={id('zh')}
            label={t('codes.zh')}
            error={[errors.fields.get('labels'), errors.fields.get('labels.zh')]
              .filter(Boolean)
              .join(' · ')}
          >
            {(input) => (
              <input
                {...input}
                lang="zh-CN"
                required
                value={draft.zh}
                onChange={(e) => setDraft({ ...draft, zh: e.target.value })}
              />
            )}
          </Field>
          <Field id={id('en')} label={t('codes.en')} error={errors.fields.get('labels.en')}>
            {(input) => (
              <input
                {...input}
                lang="en"
                required
                value={draft.en}
                onChange={(e) => setDraft({ ...draft, en: e.target.value })}
              />
            )}
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
          />{' '}
          {t('codes.activeHint')}
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? t('common.save') : t('codes.add')}
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
