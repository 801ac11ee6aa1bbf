// The people who sign in: each one's role and whether they can sign in now (a lockout after
// failed logins is lifted here). Beside the list, one panel: the form that creates a user, or the
// one the row's Edit or Set password opened; closing it returns the keyboard to that row.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Me, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty, ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';
import { UserEditForm } from './user-edit-form.tsx';
import { UserForm } from './user-form.tsx';
import { UserPasswordForm } from './user-password-form.tsx';

/** What the panel beside the list shows. */
type Panel = { kind: 'create' } | { kind: 'edit' | 'password'; user: User };

export function UsersPage() {
  const { t, language } = useI18n();
  const users = useResource(() =>
    api<{ users: User[] }>('GET', '/api/v1/users?includeDisabled=true&limit=1000'),
  );
  // Who is signed in: editing oneself warns that a new role or disabling signs one out.
  const me = useResource(() => api<Me>('GET', '/api/v1/auth/me'));
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState<number>();
  const [panel, setPanel] = useState<Panel>({ kind: 'create' });

  const replace = (updated: User) =>
    users.set({
      users: (users.data?.users ?? []).map((u) => (u.id === updated.id ? updated : u)),
    });
  const open = (kind: 'edit' | 'password', user: User) => {
    setMessage(undefined);
    setPanel({ kind, user });
  };
  /** Back to creating; the keyboard returns to the button that opened the form. */
  const close = (notice?: string) => {
    if (notice !== undefined) setMessage({ ok: true, text: notice });
    if (panel.kind !== 'create') {
      const label =
        panel.kind === 'edit'
          ? t('users.editUser', { username: panel.user.username })
          : t('users.setPasswordUser', { username: panel.user.username });
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(label)}"]`)?.focus(),
      );
    }
    setPanel({ kind: 'create' });
  };

  const unlock = async (user: User) => {
    setBusy(user.id);
    try {
      replace(await api<User>('POST', `/api/v1/users/${user.id}/unlock`));
      setMessage({ ok: true, text: t('users.unlocked', { username: user.username }) });
    } catch (failure) {
      setMessage({ ok: false, text: errorText(t, failure) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="users-split">
      <section className="panel" aria-labelledby="users-title">
        <h2 id="users-title">{t('admin.users')}</h2>
        {message && (
          <p
            className={message.ok ? 'ok notice' : 'form-error'}
            role="status"
            data-testid="users-notice"
          >
            {message.text}
          </p>
        )}
        {users.error ? (
          <ErrorState error={users.error} onRetry={users.reload} />
        ) : !users.data ? (
          <Loading />
        ) : users.data.users.length === 0 ? (
          <Empty>{t('users.none')}</Empty>
        ) : (
          <table className="grid" data-testid="users">
            <thead>
              <tr>
                <th scope="col">{t('login.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.createdAt')}</th>
                <th scope="col">
                  <span className="sr-only">{t('codes.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id} data-user={u.username}>
                  <th scope="row">{u.username}</th>
                  <td>{u.displayName}</td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td data-col="status">
                    {u.disabled ? (
                      <span className="muted">{t('users.disabled')}</span>
                    ) : u.lockedUntil !== null ? (
                      <span className="level-warn">
                        {t('users.lockedUntil', { time: formatTime(u.lockedUntil, language) })}
                      </span>
                    ) : (
                      t('users.active')
                    )}
                  </td>
                  <td className="muted nowrap">{formatTime(u.createdAt, language)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      aria-label={t('users.editUser', { username: u.username })}
                      onClick={() => open('edit', u)}
                    >
                      {t('users.edit')}
                    </button>
                    <button
                      type="button"
                      aria-label={t('users.setPasswordUser', { username: u.username })}
                      onClick={() => open('password', u)}
                    >
                      {t('users.setPassword')}
                    </button>
                    {u.lockedUntil !== null && (
                      <button
                        type="button"
                        disabled={busy === u.id}
                        aria-label={t('users.unlockUser', { username: u.username })}
                        onClick={() => void unlock(u)}
                      >
                        {t('users.unlock')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {panel.kind === 'edit' ? (
        <UserEditForm
          key={`edit-${panel.user.id}`}
          user={panel.user}
          self={me.data?.user.id === panel.user.id}
          onSaved={(saved, notice, signedOut) => {
            replace(saved);
            close(notice);
            // Their own sessions ended: asking who is signed in now leads back to sign in.
            if (signedOut && me.data?.user.id === saved.id) me.reload();
          }}
          onCancel={() => close()}
        />
      ) : panel.kind === 'password' ? (
        <UserPasswordForm
          key={`password-${panel.user.id}`}
          user={panel.user}
          onSaved={(notice) => {
            // A new password also lifts a lockout: the row's status changes.
            users.reload();
            close(notice);
          }}
          onCancel={() => close()}
        />
      ) : (
        <UserForm onCreated={() => users.reload()} />
      )}
    </div>
  );
}
