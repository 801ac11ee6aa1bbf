// The prompts callers hear, one language at a time: each one's name, duration and whether it is
// built in or uploaded (an upload of a built-in name replaces it here); uploads play in the page
// and can be deleted after a second click. Below, uploading a file and recording by phone.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { PromptEntry } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Loaded } from '../../ui/loaded.tsx';
import { ListMessages } from './list-messages.tsx';
import { PromptPhoneRecorder } from './prompt-phone-recorder.tsx';
import {
  catalogueNamesList,
  promptAudioPath,
  promptLanguages,
  promptSeconds,
  type PromptLanguage,
} from './prompt-files.ts';
import { PromptUploadForm } from './prompt-upload-form.tsx';
import { RowDelete } from './row-delete.tsx';
import { useAdminList } from './use-admin-list.ts';

const key = (p: { language: string; name: string }) => `${p.language}/${p.name}`;

export function PromptsPage() {
  const { t, language: uiLanguage } = useI18n();
  const list = useAdminList(() => api<{ prompts: PromptEntry[] }>('GET', '/api/v1/prompts'));
  const prompts = list.resource;
  const [language, setLanguage] = useState<PromptLanguage>(uiLanguage === 'en' ? 'en' : 'zh');
  const [search, setSearch] = useState('');
  const [playing, setPlaying] = useState<string>();

  const languageName = (code: string) =>
    code === 'zh' || code === 'en' ? t(`prompts.lang.${code}`) : code;

  /** A prompt stored by an upload or a phone call: shown in its language, at the top. */
  const added = (entry: { language: string }) => {
    if (entry.language === 'zh' || entry.language === 'en') setLanguage(entry.language);
    setSearch('');
    list.clear();
    setPlaying(undefined);
    prompts.reload();
  };

  // A custom prompt a published flow plays is refused: the server names the flows.
  const remove = (p: PromptEntry) =>
    list.remove(
      promptAudioPath(p.language, p.name),
      t('prompts.deleted', { name: p.name, language: p.language }),
      () => {
        if (playing === key(p)) setPlaying(undefined);
      },
    );

  const needle = search.trim().toLowerCase();
  const shown = (prompts.data?.prompts ?? [])
    .filter((p) => p.language === language && (needle === '' || p.name.includes(needle)))
    // Uploads first: they are what an administrator manages; the catalogue is long.
    .sort((a, b) => Number(a.source === 'shipped') - Number(b.source === 'shipped'));
  const count = (code: string) =>
    prompts.data?.prompts.filter((p) => p.language === code).length ?? 0;

  return (
    <div className="prompts">
      <section className="panel" aria-labelledby="prompts-title" data-testid="prompts-page">
        <h2 id="prompts-title">{t('admin.prompts')}</h2>
        <p className="hint">{t('prompts.hint')}</p>
        <div className="toolbar">
          <div className="segmented" role="group" aria-label={t('prompts.language')}>
            {promptLanguages.map((code) => (
              <button
                key={code}
                type="button"
                aria-pressed={language === code}
                data-language={code}
                onClick={() => {
                  setLanguage(code);
                  setPlaying(undefined);
                  list.ask(undefined);
                }}
              >
                {languageName(code)}
                {prompts.data && <span className="tag">{count(code)}</span>}
              </button>
            ))}
          </div>
          <label className="inline-label" htmlFor="prompts-search">
            <span className="sr-only">{t('prompts.search')}</span>
            <input
              id="prompts-search"
              type="search"
              placeholder={t('prompts.search')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
        </div>
        <ListMessages
          notice={list.notice}
          errors={list.errors.general}
          testId="prompts"
          noticeTestId="prompts-message"
        />
        <Loaded
          resource={prompts}
          isEmpty={() => shown.length === 0}
          empty={needle === '' ? t('prompts.none') : t('prompts.noMatch', { search })}
        >
          {() => (
            <div className="prompt-table">
              <table className="grid" data-testid="prompts">
                <thead>
                  <tr>
                    <th scope="col">{t('prompts.name')}</th>
                    <th scope="col" className="num">
                      {t('prompts.duration')}
                    </th>
                    <th scope="col">{t('prompts.source')}</th>
                    <th scope="col">{t('prompts.listen')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('codes.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((p) => (
                    <tr key={key(p)} data-prompt={p.name} data-source={p.source}>
                      <th scope="row">
                        <code>{p.name}</code>
                      </th>
                      <td className="num" data-col="duration">
                        {p.durationMs === null
                          ? '—'
                          : t('prompts.seconds', { seconds: promptSeconds(p.durationMs) })}
                      </td>
                      <td data-col="source">
                        {p.source === 'shipped' ? (
                          <span className="muted">{t('prompts.shipped')}</span>
                        ) : p.name.startsWith('custom/') ? (
                          t('prompts.uploaded')
                        ) : (
                          t('prompts.replacing')
                        )}
                      </td>
                      <td data-col="play">
                        {p.source === 'shipped' ? (
                          '—'
                        ) : playing === key(p) ? (
                          // Opened by the click, so the browser lets it start playing by itself.
                          <audio
                            controls
                            autoPlay
                            preload="auto"
                            src={promptAudioPath(p.language, p.name)}
                            aria-label={t('prompts.playN', { name: p.name })}
                          />
                        ) : (
                          <button
                            type="button"
                            aria-label={t('prompts.playN', { name: p.name })}
                            onClick={() => setPlaying(key(p))}
                          >
                            ▶ {t('prompts.play')}
                          </button>
                        )}
                      </td>
                      <td className="row-actions">
                        {p.source === 'shipped' ? null : (
                          <RowDelete
                            list={list}
                            row={key(p)}
                            question={t(
                              p.name.startsWith('custom/')
                                ? 'prompts.deleteConfirm'
                                : 'prompts.deleteConfirmReplacing',
                              { name: p.name },
                            )}
                            deleteLabel={t('codes.deleteCode', { code: p.name })}
                            onConfirm={() => void remove(p)}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </section>
      <div className="prompt-forms">
        <PromptUploadForm language={language} onUploaded={added} />
        <PromptPhoneRecorder language={language} onSaved={added} />
      </div>
      {/* The built-in names, suggested by both name inputs (an upload of one replaces it). */}
      <datalist id={catalogueNamesList}>
        {catalogueNames(prompts.data?.prompts).map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </div>
  );
}

function catalogueNames(prompts: readonly PromptEntry[] | undefined): string[] {
  return [
    ...new Set((prompts ?? []).filter((p) => !p.name.startsWith('custom/')).map((p) => p.name)),
  ];
}
