// The SIP extensions phones register on: each one's name, whether a phone is registered now and
// whose usual extension it is; a form to create one (its password, generated unless given, is
// shown here once) or rename the one chosen; a new password shown once; deletion after a second
// click (the server refuses one an agent's profile names or an agent is logged in on).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { ExtensionView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { Empty, ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { agentEditPath } from './agents-page.tsx';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import { GeneralErrors } from './general-errors.tsx';
import { RowConfirm } from './row-confirm.tsx';

interface Draft {
  extension: string;
  displayName: string;
  password: string;
}

const blank: Draft = { extension: '', displayName: '', password: '' };
const paths = ['extension', 'displayName', 'password'];

/** A password to hand over once, and the extension it is for. */
interface Secret {
  extension: string;
  password: string;
}

export function ExtensionsPage() {
  const { t } = useI18n();
  const extensions = useResource(() =>
    api<{ extensions: ExtensionView[] }>('GET', '/api/v1/extensions'),
  );
  const [draft, setDraft] = useState<Draft>(blank);
  /** The extension being renamed; undefined while the form creates one. */
  const [editing, setEditing] = useState<string>();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [confirming, setConfirming] = useState<{ extension: string; action: 'delete' | 'reset' }>();
  const [notice, setNotice] = useState<string>();
  const [secret, setSecret] = useState<Secret>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const say = (text: string | undefined, shown?: Secret) => {
    setNotice(text);
    setSecret(shown);
  };
  const edit = (e: ExtensionView) => {
    setEditing(e.extension);
    setDraft({ extension: e.extension, displayName: e.displayName, password: '' });
    setErrors(noErrors);
    say(undefined);
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLInputElement>('#extension-displayName')?.focus(),
    );
  };
  const reset = () => {
    setEditing(undefined);
    setDraft(blank);
    setErrors(noErrors);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const extension = draft.extension.trim();
    if (extension === '') {
      setErrors({ fields: new Map([['extension', t('extensions.required')]]), general: [] });
      return;
    }
    if (!editing && extensions.data?.extensions.some((e) => e.extension === extension)) {
      // PUT would rename it quietly: creating is for new extensions, renaming goes through the list.
      setErrors({
        fields: new Map([['extension', t('extensions.exists', { extension })]]),
        general: [],
      });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await api<{ extension: ExtensionView; generatedPassword?: string }>(
        'PUT',
        `/api/v1/extensions/${encodeURIComponent(extension)}`,
        {
          displayName: draft.displayName.trim(),
          ...(!editing && draft.password ? { password: draft.password } : {}),
        },
      );
      if (editing) say(t('extensions.renamed', { extension }));
      else
        say(
          t('extensions.created', { extension }),
          saved.generatedPassword === undefined
            ? undefined
            : { extension, password: saved.generatedPassword },
        );
      reset();
      extensions.reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setErrors(formErrors(failure, paths, (e) => errorText(t, e)));
    } finally {
      setBusy(false);
    }
  };

  const resetPassword = async (extension: string) => {
    setBusy(true);
    setErrors(noErrors);
    try {
      const result = await api<{ generatedPassword?: string }>(
        'POST',
        `/api/v1/extensions/${encodeURIComponent(extension)}/password`,
        {},
      );
      say(
        t('extensions.passwordReset', { extension }),
        result.generatedPassword === undefined
          ? undefined
          : { extension, password: result.generatedPassword },
      );
    } catch (failure) {
      say(undefined);
      setErrors({ fields: new Map(), general: [errorText(t, failure)] });
    } finally {
      setConfirming(undefined);
      setBusy(false);
    }
  };

  const remove = async (extension: string) => {
    setBusy(true);
    setErrors(noErrors);
    try {
      await api('DELETE', `/api/v1/extensions/${encodeURIComponent(extension)}`);
      say(t('extensions.deleted', { extension }));
      if (editing === extension) reset();
      extensions.reload();
    } catch (failure) {
      // The server's refusal (an agent's profile names it, or an agent is on it) says what to do.
      say(undefined);
      setErrors({ fields: new Map(), general: [errorText(t, failure)] });
    } finally {
      setConfirming(undefined);
      setBusy(false);
    }
  };

  const deleting = confirming?.action === 'delete';
  return (
    <section className="panel" aria-labelledby="extensions-title" data-testid="extensions-page">
      <h2 id="extensions-title">{t('admin.extensions')}</h2>
      <p className="hint">{t('extensions.hint')}</p>
      {notice && (
        <div className="ok notice" role="status" data-testid="extensions-notice">
          <p>{notice}</p>
          {secret && (
            <p data-testid="extension-secret">
              {t('extensions.secret', { extension: secret.extension })}{' '}
              <code className="secret">{secret.password}</code>
            </p>
          )}
        </div>
      )}
      <GeneralErrors messages={errors.general} testId="extensions-error" />
      {extensions.error ? (
        <ErrorState error={extensions.error} onRetry={extensions.reload} />
      ) : !extensions.data ? (
        <Loading />
      ) : extensions.data.extensions.length === 0 ? (
        <Empty>{t('extensions.none')}</Empty>
      ) : (
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
            {extensions.data.extensions.map((e) => (
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
                    confirming={confirming?.extension === e.extension}
                    question={t(deleting ? 'extensions.deleteConfirm' : 'extensions.resetConfirm', {
                      extension: e.extension,
                    })}
                    yes={deleting ? t('codes.deleteYes') : t('extensions.resetYes')}
                    tone={deleting ? 'danger' : 'primary'}
                    busy={busy}
                    onConfirm={() =>
                      void (deleting ? remove(e.extension) : resetPassword(e.extension))
                    }
                    onCancel={() => setConfirming(undefined)}
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
                      onClick={() => setConfirming({ extension: e.extension, action: 'reset' })}
                    >
                      {t('extensions.reset')}
                    </button>
                    <button
                      type="button"
                      aria-label={t('codes.deleteCode', { code: e.extension })}
                      onClick={() => setConfirming({ extension: e.extension, action: 'delete' })}
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
          <button type="submit" className="primary" disabled={busy}>
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
