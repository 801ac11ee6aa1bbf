// Creating a user: username, display name, role and a password, or none to have the server
// generate one, shown here once for the administrator to hand over.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { Role, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import { GeneralErrors } from './general-errors.tsx';

export const roles: readonly Role[] = ['agent', 'supervisor', 'qa', 'admin'];

interface Draft {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

const blank: Draft = { username: '', displayName: '', role: 'agent', password: '' };
const paths = ['username', 'displayName', 'role', 'password'];

export function UserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(blank);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [created, setCreated] = useState<{ user: User; generatedPassword?: string }>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    setCreated(undefined);
    try {
      const result = await api<{ user: User; generatedPassword?: string }>(
        'POST',
        '/api/v1/users',
        {
          username: draft.username.trim(),
          role: draft.role,
          ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
          ...(draft.password ? { password: draft.password } : {}),
        },
      );
      setCreated(result);
      setDraft(blank);
      onCreated(result.user);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setErrors(formErrors(failure, paths, (e) => errorText(t, e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={form}
      className="panel user-form"
      aria-labelledby="user-form-title"
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <h2 id="user-form-title">{t('users.createTitle')}</h2>
      <GeneralErrors messages={errors.general} />
      {created && (
        <div className="ok notice" role="status" data-testid="user-created">
          <p>{t('users.created', { username: created.user.username })}</p>
          {created.generatedPassword && (
            <p>
              {t('users.generated')} <code className="secret">{created.generatedPassword}</code>
            </p>
          )}
        </div>
      )}
      <div className="field-grid">
        <Field
          id="user-username"
          label={t('login.username')}
          error={errors.fields.get('username')}
          hint={t('users.usernameHint')}
        >
          {(input) => (
            <input
              {...input}
              required
              autoComplete="off"
              value={draft.username}
              onChange={(e) => set({ username: e.target.value })}
            />
          )}
        </Field>
        <Field
          id="user-displayName"
          label={t('users.displayName')}
          error={errors.fields.get('displayName')}
          hint={t('users.displayNameHint')}
        >
          {(input) => (
            <input
              {...input}
              autoComplete="off"
              value={draft.displayName}
              onChange={(e) => set({ displayName: e.target.value })}
            />
          )}
        </Field>
        <Field id="user-role" label={t('users.role')} error={errors.fields.get('role')}>
          {(input) => (
            <select
              {...input}
              value={draft.role}
              onChange={(e) => set({ role: e.target.value as Role })}
            >
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="user-password"
          label={t('login.password')}
          error={errors.fields.get('password')}
          hint={t('users.passwordHint')}
        >
          {(input) => (
            <input
              {...input}
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => set({ password: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('users.create')}
        </button>
      </div>
    </form>
  );
}
