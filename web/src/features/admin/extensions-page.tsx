// The SIP extensions phones register on: each one's name, whether a phone is registered now and
// whose usual extension it is; a form to create one (its password, generated unless given, is
// shown here once) or rename the one chosen; a new password shown once; deletion after a second
// click (the server refuses one an agent's profile names or an agent is logged in on).
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { ExtensionView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { Loaded } from '../../ui/loaded.tsx';
import { agentEditPath } from './agents-page.tsx';
import { Field } from './field.tsx';
import { fieldError, noErrors } from './form-errors.ts';
import { ListMessages } from './list-messages.tsx';
import { RowConfirm } from './row-confirm.tsx';
import { useAdminList } from './use-admin-list.ts';

interface Draft {
  extension: string;
  displayName: string;
  password: string;
}

const blank: Draft = { extension: '', displayName: '', password: '' };
const paths = ['extension', 'displayName', 'password'];

/** What an action did, and the password it handed out (shown here once), if any. */
interface ExtensionNotice {
  text: string;
  secret?: { extension: string; password: string };
}

export function ExtensionsPage() {
  const { t } = useI18n();
  const list = useAdminList<{ extensions: ExtensionView[] }, ExtensionNotice>(() =>
    api('GET', '/api/v1/extensions'),
  );
  const { resource: extensions, errors, form } = list;
  const [draft, setDraft] = useState<Draft>(blank);
  /** The extension being renamed; undefined while the form creates one. */
  const [editing, setEditing] = useState<string>();
  /** What the row asking for a second click would do. */
  const [action, setAction] = useState<'delete' | 'reset'>('delete');

  const edit = (e: ExtensionView) => {
    setEditing(e.extension);
    setDraft({ extension: e.extension, displayName: e.displayName, password: '' });
    list.clear();
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLInputElement>('#extension-displayName')?.focus(),
    );
  };
  const reset = () => {
    setEditing(undefined);
    setDraft(blank);
    list.setErrors(noErrors);
  };
  const ask = (extension: string, what: 'delete' | 'reset') => {
    setAction(what);
    list.ask(extension);
  };
  const withSecret = (text: string, extension: string, password: string | undefined) =>
    password === undefined ? { text } : { text, secret: { extension, password } };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const extension = draft.extension.trim();
    if (extension === '') return list.setErrors(fieldError('extension', t('extensions.required')));
    // PUT would rename it quietly: creating is for new extensions, renaming goes through the list.
    if (!editing && extensions.data?.extensions.some((e) => e.extension === extension))
      return list.setErrors(fieldError('extension', t('extensions.exists', { extension })));
    await list.run(async () => {
      const saved = await api<{ extension: ExtensionView; generatedPassword?: string }>(
        'PUT',
        `/api/v1/extensions/${encodeURIComponent(extension)}`,
        {
          displayName: draft.displayName.trim(),
          ...(!editing && draft.password ? { password: draft.password } : {}),
        },
      );
      reset();
      extensions.reload();
      return editing
        ? { text: t('extensions.renamed', { extension }) }
        : withSecret(t('extensions.created', { extension }), extension, saved.generatedPassword);
    }, paths);
  };

  const resetPassword = (extension: string) =>
    list.run(async () => {
      const result = await api<{ generatedPassword?: string }>(
        'POST',
        `/api/v1/extensions/${encodeURIComponent(extension)}/password`,
        {},
      );
      return withSecret(
        t('extensions.passwordReset', { extension }),
        extension,
        result.generatedPassword,
      );
    });

  // The server's refusal (an agent's profile names it, or an agent is on it) says what to do.
  const remove = (extension: string) =>
    list.remove(
      `/api/v1/extensions/${encodeURIComponent(extension)}`,
      { text: t('extensions.deleted', { extension }) },
      () => {
        if (editing === extension) reset();
      },
    );

  const deleting = action === 'delete';
  const secret = list.notice?.secret;
  return (
    <section className="panel" aria-labelledby="extensions-title" data-testid="extensions-page">
      <h2 id="extensions-title">{t('admin.extensions')}</h2>
      <p className="hint">{t('extensions.hint')}</p>
      <ListMessages notice={list.notice?.text} errors={errors.general} testId="extensions">
        {secret && (
          <p data-testid="extension-secret">
            {t('extensions.secret', { extension: secret.extension })}{' '}
            <code className="secret">{secret.password}</code>
          </p>
        )}
      </ListMessages>
      <Loaded
        resource={extensions}
        isEmpty={(data) => data.extensions.length === 0}
        empty={t('extensions.none')}
      >
        {(data) => (
          <table className="grid" data-testid="extensions">
            <thead>
              <tr>
                <th scope="col">{t('agents.extension')}</th>
                <th scope="col">{t('extensions.name')}</th>
                <th scope="col">{t('extensions.registered')}</th>
                <th scope="col">{t('extensions.agent')}</th>
                <th scope="col">
                  <span className="sr-only">{t('codes.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.extensions.map((e) => (
                <tr key={e.extension} data-extension={e.extension}>
                  <th scope="row" className="nowrap">
                    {e.extension}
                  </th>
                  <td>{e.displayName}</td>
                  <td data-col="registered">
                    {e.registered ? (
                      <span className="level-ok">
                        {t('extensions.registeredN', { count: e.contacts })}
                      </span>
                    ) : (
                      <span className="muted">{t('extensions.notRegistered')}</span>
                    )}
                  </td>
                  <td data-col="agent">
                    {e.agentId ? (
                      <a href={agentEditPath(e.agentId)} onClick={onLinkClick}>
                        {e.agentId}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="row-actions">
                    <RowConfirm
                      {...list.confirmFor(e.extension)}
                      question={t(
                        deleting ? 'extensions.deleteConfirm' : 'extensions.resetConfirm',
                        {
                          extension: e.extension,
                        },
                      )}
                      yes={deleting ? t('codes.deleteYes') : t('extensions.resetYes')}
                      tone={deleting ? 'danger' : 'primary'}
                      onConfirm={() =>
                        void (deleting ? remove(e.extension) : resetPassword(e.extension))
                      }
                    >
                      <button
                        type="button"
                        aria-label={t('extensions.renameN', { extension: e.extension })}
                        onClick={() => edit(e)}
                      >
                        {t('extensions.rename')}
                      </button>
                      <button
                        type="button"
                        aria-label={t('extensions.resetN', { extension: e.extension })}
                        onClick={() => ask(e.extension, 'reset')}
                      >
                        {t('extensions.reset')}
                      </button>
                      <button
                        type="button"
                        aria-label={t('codes.deleteCode', { code: e.extension })}
                        onClick={() => ask(e.extension, 'delete')}
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
      </Loaded>

      <form ref={form} className="code-form" noValidate onSubmit={(e) => void save(e)}>
        <h3>
          {editing
            ? t('extensions.renameTitle', { extension: editing })
            : t('extensions.createTitle')}
        </h3>
        <div className="field-grid">
          <Field
            id="extension-extension"
            label={t('agents.extension')}
            error={errors.fields.get('extension')}
            hint={t('extensions.extensionHint')}
          >
            {(input) => (
              <input
                {...input}
                required
                inputMode="numeric"
                readOnly={editing !== undefined}
                autoComplete="off"
                value={draft.extension}
                onChange={(e) => setDraft({ ...draft, extension: e.target.value })}
              />
            )}
          </Field>
          <Field
            id="extension-displayName"
            label={t('extensions.name')}
            error={errors.fields.get('displayName')}
            hint={t('extensions.nameHint')}
          >
            {(input) => (
              <input
                {...input}
                required
                autoComplete="off"
                value={draft.displayName}
                onChange={(e) => setDraft({ ...draft, displayName: e.target.value })}
              />
            )}
          </Field>
          {!editing && (
            <Field
              id="extension-password"
              label={t('extensions.password')}
              error={errors.fields.get('password')}
              hint={t('extensions.passwordHint')}
            >
              {(input) => (
                <input
                  {...input}
                  type="password"
                  autoComplete="new-password"
                  value={draft.password}
                  onChange={(e) => setDraft({ ...draft, password: e.target.value })}
                />
              )}
            </Field>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={list.busy}>
            {editing ? t('common.save') : t('extensions.create')}
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
