// Recording a prompt by phone: Hotline calls the extension picked here, the administrator listens
// to the instructions, speaks after the tone and presses #. The form follows what the server
// reports (calling, instructions, recording, saving) until the prompt is saved, or says why not.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { ExtensionView, PromptRecording } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import { promptSeconds, type PromptLanguage } from './prompt-files.ts';
import { GeneralErrors } from './general-errors.tsx';
import { PromptNameFields } from './prompt-name-fields.tsx';

const paths = ['extension', 'name', 'language'];
const CUSTOM = 'custom/';
/** How often the progress is asked for: the server keeps no push channel for it. */
const FOLLOW_MS = 1000;

export function PromptPhoneRecorder(props: {
  /** The language the list shows: a new recording's default. */
  language: PromptLanguage;
  onSaved: (recording: PromptRecording) => void;
}) {
  const { t } = useI18n();
  // The extensions offered; typing another number is allowed (the server says if it is unknown).
  const extensions = useResource(() =>
    api<{ extensions: ExtensionView[] }>('GET', '/api/v1/extensions'),
  );
  const [extension, setExtension] = useState('');
  const [name, setName] = useState(CUSTOM);
  const [language, setLanguage] = useState<PromptLanguage>(props.language);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [recording, setRecording] = useState<PromptRecording>();
  /** Following the recording failed (the server restarted, the network went). */
  const [lost, setLost] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const onSaved = useRef(props.onSaved);
  onSaved.current = props.onSaved;

  useEffect(() => setLanguage(props.language), [props.language]);
  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const active = recording !== undefined && recording.state !== 'done' && lost === undefined;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const timer = setTimeout(() => {
      api<PromptRecording>('GET', `/api/v1/prompt-recordings/${encodeURIComponent(recording.id)}`)
        .then((next) => {
          if (stopped) return;
          setRecording(next);
          if (next.state === 'done' && next.error === undefined) onSaved.current(next);
        })
        .catch((failure: unknown) => {
          if (!stopped) setLost(errorText(t, failure));
        });
    }, FOLLOW_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, recording, t]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const target = name.trim();
    const phone = extension.trim();
    if (phone === '')
      return setErrors({
        fields: new Map([['extension', t('prompts.extensionRequired')]]),
        general: [],
      });
    if (target === '' || target === CUSTOM)
      return setErrors({ fields: new Map([['name', t('prompts.nameRequired')]]), general: [] });
    setBusy(true);
    setErrors(noErrors);
    setLost(undefined);
    setRecording(undefined);
    try {
      const started = await api<PromptRecording>('POST', '/api/v1/prompt-recordings', {
        language,
        name: target,
        extension: phone,
      });
      setRecording(started);
      if (started.state === 'done' && started.error === undefined) props.onSaved(started);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      // Telephony not running on this node is a general complaint; a bad name is the name's.
      setErrors(formErrors(failure, paths, (e) => errorText(t, e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="prompt-record-title">
      <form ref={form} noValidate onSubmit={(e) => void start(e)} data-testid="prompt-record">
        <h3 id="prompt-record-title">{t('prompts.recordTitle')}</h3>
        <p className="hint">{t('prompts.recordHint')}</p>
        <div className="field-grid">
          <Field
            id="prompt-record-extension"
            label={t('prompts.extension')}
            error={errors.fields.get('extension')}
            hint={t('prompts.extensionHint')}
          >
            {(input) => (
              <input
                {...input}
                inputMode="numeric"
                autoComplete="off"
                list="prompt-record-extensions"
                disabled={active}
                value={extension}
                onChange={(e) => setExtension(e.target.value)}
              />
            )}
          </Field>
          <PromptNameFields
            idPrefix="prompt-record"
            errors={errors.fields}
            disabled={active}
            name={name}
            language={language}
            onName={setName}
            onLanguage={setLanguage}
          />
        </div>
        <datalist id="prompt-record-extensions">
          {(extensions.data?.extensions ?? []).map((e) => (
            <option key={e.extension} value={e.extension}>
              {`${e.displayName} · ${e.registered ? t('extensions.registeredN', { count: e.contacts }) : t('extensions.notRegistered')}`}
            </option>
          ))}
        </datalist>
        <GeneralErrors messages={errors.general} testId="prompt-record-error" />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || active}>
            {t('prompts.record')}
          </button>
        </div>
        {recording && <RecordingProgress recording={recording} lost={lost} t={t} />}
      </form>
    </section>
  );
}

/** Where the recording stands, in words: each step says what the person at the phone should do. */
function RecordingProgress(props: {
  recording: PromptRecording;
  lost: string | undefined;
  t: Translate;
}) {
  const { recording: r, lost, t } = props;
  let text: string;
  let tone: 'active' | 'ok' | 'failed';
  if (lost !== undefined) {
    text = t('prompts.recordLost', { message: lost });
    tone = 'failed';
  } else if (r.state !== 'done') {
    text = t(`prompts.recordState.${r.state}`, { extension: r.extension });
    tone = 'active';
  } else if (r.error !== undefined) {
    // The server's reason is a sentence of its own, or a phrase: the message ends it once.
    text = t('prompts.recordFailed', { reason: r.error.replace(/\.$/, '') });
    tone = 'failed';
  } else {
    text = t('prompts.recordSaved', {
      name: r.name,
      language: r.language,
      seconds: r.durationMs === undefined ? '—' : promptSeconds(r.durationMs),
    });
    tone = 'ok';
  }
  return (
    <p
      className={`prompt-progress prompt-progress-${tone}`}
      role={tone === 'failed' ? 'alert' : 'status'}
      data-testid="prompt-record-progress"
      data-state={lost === undefined ? r.state : 'lost'}
    >
      {tone === 'active' && (
        <>
          <span className="spinner" aria-hidden="true" />{' '}
        </>
      )}
      {text}
    </p>
  );
}
