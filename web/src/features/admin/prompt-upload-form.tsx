// Uploading a prompt: an audio file, the prompt's name and language. The server converts it to
// the engine's 8 kHz mono WAV while the form waits; its complaint (a file it cannot decode, a
// name no prompt can have) shows on the field at fault.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { PromptEntry } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import {
  promptAudioPath,
  promptSeconds,
  suggestedPromptName,
  uploadAccept,
  uploadContentType,
  type PromptLanguage,
} from './prompt-files.ts';
import { GeneralErrors } from './general-errors.tsx';
import { PromptNameFields } from './prompt-name-fields.tsx';

const paths = ['file', 'name', 'language'];
/** What a new prompt's name starts with; a bare prefix counts as not filled in. */
const CUSTOM = 'custom/';

export function PromptUploadForm(props: {
  /** The language the list shows: a new upload's default. */
  language: PromptLanguage;
  onUploaded: (entry: PromptEntry) => void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [name, setName] = useState(CUSTOM);
  const [language, setLanguage] = useState<PromptLanguage>(props.language);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => setLanguage(props.language), [props.language]);
  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const fieldError = (field: string, message: string) =>
    setErrors({ fields: new Map([[field, message]]), general: [] });

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setErrors(noErrors);
    setDone(undefined);
    // A name not typed yet follows the file's.
    if (chosen && (name.trim() === '' || name.trim() === CUSTOM))
      setName(suggestedPromptName(chosen.name) || CUSTOM);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    if (!file) return fieldError('file', t('prompts.fileRequired'));
    const type = uploadContentType(file);
    if (!type) return fieldError('file', t('prompts.fileType', { file: file.name }));
    const target = name.trim();
    if (target === '' || target === CUSTOM) return fieldError('name', t('prompts.nameRequired'));
    setBusy(true);
    setErrors(noErrors);
    try {
      const entry = await api<PromptEntry>('PUT', promptAudioPath(language, target), file, {
        'content-type': type,
      });
      setDone(
        t('prompts.uploadedN', {
          name: entry.name,
          language: entry.language,
          seconds: entry.durationMs === null ? '—' : promptSeconds(entry.durationMs),
        }),
      );
      setFile(undefined);
      setName(CUSTOM);
      if (fileInput.current) fileInput.current.value = '';
      props.onUploaded(entry);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      const found = formErrors(failure, paths, (e) => errorText(t, e));
      // `body` is the file itself (sent with a type the server does not take); 413: too large.
      if (
        failure instanceof ApiError &&
        (failure.field === 'body' || failure.status === 413) &&
        !found.fields.has('file')
      )
        setErrors({ fields: new Map([['file', failure.message]]), general: [] });
      else setErrors(found);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="prompt-upload-title">
      <form
        ref={form}
        noValidate
        onSubmit={(e) => void submit(e)}
        aria-busy={busy}
        data-testid="prompt-upload"
      >
        <h3 id="prompt-upload-title">{t('prompts.uploadTitle')}</h3>
        <Field
          id="prompt-file"
          label={t('prompts.file')}
          error={errors.fields.get('file')}
          hint={t('prompts.fileHint')}
        >
          {(input) => (
            <input
              {...input}
              ref={fileInput}
              type="file"
              accept={uploadAccept}
              disabled={busy}
              onChange={(e) => choose(e.target.files?.[0])}
            />
          )}
        </Field>
        <div className="field-grid">
          <PromptNameFields
            idPrefix="prompt"
            errors={errors.fields}
            disabled={busy}
            name={name}
            language={language}
            onName={setName}
            onLanguage={setLanguage}
          />
        </div>
        <GeneralErrors messages={errors.general} testId="prompt-upload-error" />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('prompts.upload')}
          </button>
          {busy && (
            <span role="status" data-testid="prompt-upload-pending">
              <span className="spinner" aria-hidden="true" /> {t('prompts.converting')}
            </span>
          )}
          {done && !busy && (
            <span className="ok" role="status" data-testid="prompt-upload-done">
              {done}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
