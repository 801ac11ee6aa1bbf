// Changing a user: display name, role, and whether they can sign in. Save sends only what changed;
// a new role or disabling ends the user's sessions, which the form says before and after. The
// server's complaints show on their field, and a refusal naming none (the last admin) above.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { Role, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import { GeneralErrors } from './general-errors.tsx';
import { roles } from './user-form.tsx';
import {
  endsSessions,
  userChanges,
  userEditPaths,
  userEditValues,
  type UserEditValues,
} from './user-edit-document.ts';

export function UserEditForm(props: {
  user: User;
  /** The signed-in user is editing themselves: a new role or disabling signs them out. */
  self: boolean;
  /** `signedOut`: the change ended the user's sessions. */
  onSaved: (user: User, notice: string, signedOut: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { user, self } = props;
  const [values, setValues] = useState<UserEditValues>(() => userEditValues(user));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const changes = userChanges(user, values);
  const signsOut = endsSessions(changes);

  // Opened from a row: the keyboard goes to the form's first field.
  useEffect(() => form.current?.querySelector<HTMLElement>('#user-edit-displayName')?.focus(), []);
  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const set = (change: Partial<UserEditValues>) => setValues((v) => ({ ...v, ...change }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(changes).length === 0) {
      setErrors({ fields: new Map(), general: [t('users.unchanged')] });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await api<User>('PATCH', `/api/v1/users/${user.id}`, changes);
      const name = { username: user.username };
      props.onSaved(
        saved,
        signsOut ? t('users.savedSessionsEnded', name) : t('users.saved', name),
        signsOut,
      );
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setErrors(formErrors(failure, userEditPaths, (e) => errorText(t, e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={form}
      className="panel user-form"
      aria-labelledby="user-edit-title"
      noValidate
      onSubmit={(e) => void save(e)}
      data-testid="user-edit-form"
    >
      <h2 id="user-edit-title">{t('users.editTitle', { username: user.username })}</h2>
      <p className="hint">{t('users.sessionsEnd')}</p>
      <GeneralErrors messages={errors.general} testId="user-edit-error" />
      <div className="field-grid">
        <Field
          id="user-edit-displayName"
          label={t('users.displayName')}
          error={errors.fields.get('displayName')}
        >
          {(input) => (
            <input
              {...input}
              required
              autoComplete="off"
              value={values.displayName}
              onChange={(e) => set({ displayName: e.target.value })}
            />
          )}
        </Field>
        <Field
          id="user-edit-role"
          label={t('users.role')}
          error={errors.fields.get('role')}
          hint={t('users.roleHint')}
        >
          {(input) => (
            <select
              {...input}
              value={values.role}
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
          id="user-edit-status"
          label={t('users.status')}
          error={errors.fields.get('disabled')}
          hint={t('users.statusHint')}
        >
          {(input) => (
            <select
              {...input}
              value={values.disabled ? 'disabled' : 'active'}
              onChange={(e) => set({ disabled: e.target.value === 'disabled' })}
            >
              <option value="active">{t('users.active')}</option>
              <option value="disabled">{t('users.disabled')}</option>
            </select>
          )}
        </Field>
      </div>
      {signsOut && (
        <p className="notice level-warn" role="status" data-testid="user-edit-warning">
          {self ? t('users.signsYouOut') : t('users.signsOut', { username: user.username })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
