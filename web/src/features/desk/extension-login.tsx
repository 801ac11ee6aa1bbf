// Logging in on an extension before the desk opens: the extension (the usual one offered), and
// whether to go ready at once.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { AgentView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';

export function ExtensionLogin(props: { initial: string; onLoggedIn: (agent: AgentView) => void }) {
  const { t } = useI18n();
  const [extension, setExtension] = useState(props.initial);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onLoggedIn(
        await api<AgentView>('POST', '/api/v1/agents/me/login', {
          extension,
          ...(ready ? { ready: true } : {}),
        }),
      );
    } catch (failure) {
      setError(errorText(t, failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel narrow" onSubmit={(e) => void submit(e)} aria-labelledby="ext-title">
      <h2 id="ext-title">{t('desk.loginTitle')}</h2>
      <p className="hint">{t('desk.loginHelp')}</p>
      <label htmlFor="extension">{t('desk.extension')}</label>
      <input
        id="extension"
        inputMode="numeric"
        pattern="[0-9]+"
        required
        autoFocus
        value={extension}
        onChange={(e) => setExtension(e.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={ready} onChange={(e) => setReady(e.target.checked)} />{' '}
        {t('desk.loginReady')}
      </label>
      <p className="form-error" role="alert">
        {error}
      </p>
      <button type="submit" className="primary" disabled={busy}>
        {t('desk.loginSubmit')}
      </button>
    </form>
  );
}
