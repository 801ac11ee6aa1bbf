// After-call work: the disposition code and notes of the call just ended.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';
import { useResource } from '../../ui/use-resource.ts';

export function WrapUpForm({ callId }: { callId: string }) {
  const { t } = useI18n();
  const codes = useResource(() => api<{ codes: string[] }>('GET', '/api/v1/dispositions'));
  const [code, setCode] = useState('');
  const [notes, setNotes] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api('POST', `/api/v1/calls/${encodeURIComponent(callId)}/disposition`, {
        code: code || codes.data?.codes[0],
        ...(notes ? { notes } : {}),
      });
      setMessage({ ok: true, text: t('wrap.saved') });
    } catch (failure) {
      setMessage({ ok: false, text: errorText(t, failure) });
    }
  };
  return (
    <form className="wrap-up" onSubmit={(e) => void submit(e)} aria-labelledby="wrap-title">
      <h3 id="wrap-title">{t('wrap.title')}</h3>
      {codes.data && codes.data.codes.length === 0 ? (
        <p className="hint">{t('wrap.noCodes')}</p>
      ) : (
        <>
          <label htmlFor="disposition">{t('wrap.code')}</label>
          <select id="disposition" value={code} onChange={(e) => setCode(e.target.value)}>
            {(codes.data?.codes ?? []).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <label htmlFor="notes">{t('wrap.notes')}</label>
          <textarea id="notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
          <button type="submit" className="primary" disabled={!codes.data}>
            {t('wrap.save')}
          </button>
        </>
      )}
      {message && (
        <p className={message.ok ? 'ok' : 'form-error'} role="status">
          {message.text}
        </p>
      )}
    </form>
  );
}
