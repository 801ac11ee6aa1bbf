// Sign in with a username and password; the server sets the session cookie.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';

export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t, toggle } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api('POST', '/api/v1/auth/login', { username, password });
      onSignedIn(await api<Me>('GET', '/api/v1/auth/me'));
    } catch (failure) {
      setError(
        failure instanceof Error && 'status' in failure && failure.status !== 0
          ? t('login.failed', { message: failure.message })
          : errorText(t, failure),
      );
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="login-head">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              ☎
            </span>
            {t('app.name')} <span className="brand-tag">{t('app.tagline')}</span>
          </div>
          <button type="button" className="link" onClick={toggle} title={t('lang.switchTitle')}>
            {t('lang.switch')}
          </button>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <label htmlFor="username">{t('login.username')}</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="password">{t('login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p className="form-error" role="alert">
          {error}
        </p>
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <p className="hint">{t('login.hint')}</p>
      </form>
    </div>
  );
}
