// The people who sign in: each one's role and whether they can sign in now (a lockout after
// failed logins is lifted here), and the form that creates a user.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty, ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';
import { UserForm } from './user-form.tsx';

export function UsersPage() {
  const { t, language } = useI18n();
  const users = useResource(() =>
    api<{ users: User[] }>('GET', '/api/v1/users?includeDisabled=true&limit=1000'),
  );
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState<number>();

  const unlock = async (user: User) => {
    setBusy(user.id);
    try {
      const updated = await api<User>('POST', `/api/v1/users/${user.id}/unlock`);
      users.set({
        users: (users.data?.users ?? []).map((u) => (u.id === updated.id ? updated : u)),
      });
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
          <p className={message.ok ? 'ok notice' : 'form-error'} role="status">
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
      <UserForm onCreated={() => users.reload()} />
    </div>
  );
}
