// Setting a new password for a user: typed twice and compared here; the server's policy (length,
// not containing the username) answers on the new password's field. Their other sessions end.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import { GeneralErrors } from './general-errors.tsx';

export function UserPasswordForm(props: {
  user: User;
  onSaved: (notice: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { user } = props;
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => form.current?.querySelector<HTMLElement>('#user-new-password')?.focus(), []);
  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const fieldError = (key: string, text: string) =>
      setErrors({ fields: new Map([[key, text]]), general: [] });
    // An empty body would have the server generate a password: here the administrator sets one.
    if (password === '') return fieldError('password', t('users.passwordRequired'));
    if (repeat !== password) return fieldError('repeat', t('users.passwordMismatch'));
    setBusy(true);
    setErrors(noErrors);
    try {
      await api('POST', `/api/v1/users/${user.id}/password`, { password });
      props.onSaved(t('users.passwordSet', { username: user.username }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setErrors(formErrors(failure, ['password'], (e) => errorText(t, e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={form}
      className="panel user-form"
      aria-labelledby="user-password-title"
      noValidate
      onSubmit={(e) => void save(e)}
      data-testid="user-password-form"
    >
      <h2 id="user-password-title">{t('users.passwordTitle', { username: user.username })}</h2>
      <p className="hint">{t('users.passwordSessionsEnd')}</p>
      <GeneralErrors messages={errors.general} testId="user-password-error" />
      <div className="field-grid">
        <Field
          id="user-new-password"
          label={t('users.newPassword')}
          error={errors.fields.get('password')}
          hint={t('users.newPasswordHint')}
        >
          {(input) => (
            <input
              {...input}
              type="password"
              required
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Field
          id="user-repeat-password"
          label={t('users.repeatPassword')}
          error={errors.fields.get('repeat')}
        >
          {(input) => (
            <input
              {...input}
              type="password"
              required
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('users.setPassword')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
