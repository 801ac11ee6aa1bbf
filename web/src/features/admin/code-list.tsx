// One list of codes (not-ready reasons or disposition codes): the codes in the desk's order with
// their Chinese and English labels, a form to add one or edit the one chosen, and deletion
// after a second click. The desk offers a change at once.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { ReasonCode } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Loaded } from '../../ui/loaded.tsx';
import { Field } from './field.tsx';
import { fieldError, noErrors } from './form-errors.ts';
import { ListMessages } from './list-messages.tsx';
import { RowDelete } from './row-delete.tsx';
import { useAdminList } from './use-admin-list.ts';

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
  const list = useAdminList(() => api<{ codes: ReasonCode[] }>('GET', base), [base]);
  const { resource: codes, errors, form } = list;
  const [draft, setDraft] = useState<Draft>(blank);
  /** The code being edited; undefined while the form adds a new one. */
  const [editing, setEditing] = useState<string>();
  const id = (field: string) => `${resource}-${field}`;

  const edit = (code: ReasonCode) => {
    setEditing(code.code);
    setDraft({ code: code.code, zh: code.labels.zh, en: code.labels.en, active: code.active });
    list.clear();
    // The form is below the list: take the keyboard there.
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLInputElement>(`#${id('zh')}`)?.focus(),
    );
  };
  const reset = () => {
    setEditing(undefined);
    setDraft(blank);
    list.setErrors(noErrors);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const code = draft.code.trim();
    if (code === '') return list.setErrors(fieldError('code', t('codes.codeRequired')));
    // PUT would quietly replace it: adding is for new codes, editing goes through the list.
    if (!editing && codes.data?.codes.some((c) => c.code === code))
      return list.setErrors(fieldError('code', t('codes.exists', { code })));
    await list.run(async () => {
      await api<ReasonCode>('PUT', `${base}/${encodeURIComponent(code)}`, {
        labels: { zh: draft.zh.trim(), en: draft.en.trim() },
        active: draft.active,
      });
      reset();
      codes.reload();
      return t(editing ? 'codes.saved' : 'codes.added', { code });
    }, paths);
  };

  const remove = (code: string) =>
    list.remove(`${base}/${encodeURIComponent(code)}`, t('codes.deleted', { code }), () => {
      if (editing === code) reset();
    });

  return (
    <section className="panel" aria-labelledby={id('title')} data-testid={`codes-${resource}`}>
      <h2 id={id('title')}>{props.title}</h2>
      <p className="hint">{props.hint}</p>
      <ListMessages notice={list.notice} errors={errors.general} testId={resource} />
      <Loaded resource={codes} isEmpty={(data) => data.codes.length === 0} empty={t('codes.none')}>
        {(data) => (
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
              {data.codes.map((c) => (
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
                    <RowDelete
                      list={list}
                      row={c.code}
                      question={t('codes.deleteConfirm', { code: c.code })}
                      deleteLabel={t('codes.deleteCode', { code: c.code })}
                      onConfirm={() => void remove(c.code)}
                      edit={{
                        label: t('codes.editCode', { code: c.code }),
                        text: t('codes.edit'),
                        onClick: () => edit(c),
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>

      <form ref={form} className="code-form" noValidate onSubmit={(e) => void save(e)}>
        <h3>{editing ? t('codes.editTitle', { code: editing }) : t('codes.addTitle')}</h3>
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
          <button type="submit" className="primary" disabled={list.busy}>
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
