// A flow's saved versions, newest first, with the published one marked; any
// other version can be published again after a confirmation (a roll back when
// it is older), and the server's answer or its error is shown.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { FlowVersionSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';

export function FlowVersions(props: {
  /** The flow's API path, `/api/v1/ivr/flows/<name>`. */
  path: string;
  publishedVersion: number | null;
  latestVersion: number;
  /** Called once the server has published another version. */
  onPublished: () => void;
}) {
  const { t, language } = useI18n();
  const { path, publishedVersion, latestVersion, onPublished } = props;
  // Read again whenever a save or a publish changes the flow.
  const list = useResource(
    () => api<{ versions: FlowVersionSummary[] }>('GET', `${path}/versions`),
    [path, publishedVersion, latestVersion],
  );
  const [confirming, setConfirming] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  /**
   * Publishes exactly the version confirmed. POST …/rollback would take "the version before the
   * published one", which is another version when someone published meanwhile.
   */
  const publish = async (version: number) => {
    setBusy(true);
    try {
      const answer = await api<{ version: number }>('POST', `${path}/publish`, { version });
      setOutcome({ ok: true, text: t('flow.publishedNow', { version: answer.version }) });
      onPublished();
    } catch (failure) {
      setOutcome({ ok: false, text: errorText(t, failure) });
    } finally {
      setBusy(false);
      setConfirming(undefined);
    }
  };

  return (
    <section className="flow-versions" aria-labelledby="versions-title" data-testid="flow-versions">
      <h2 id="versions-title">{t('flow.versions')}</h2>
      <div role="status" aria-live="polite" data-testid="versions-outcome">
        {outcome && <p className={outcome.ok ? 'ok' : 'form-error'}>{outcome.text}</p>}
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <table className="grid flow-version-list">
          <thead>
            <tr>
              <th>{t('flow.versionNumber')}</th>
              <th>{t('flow.versionSaved')}</th>
              <th>{t('flow.versionBy')}</th>
              <th>{t('flow.versionComment')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.versions.map((v) => {
              const older = publishedVersion !== null && v.version < publishedVersion;
              return (
                <tr key={v.version} data-testid={`version-${v.version}`}>
                  <td className="nowrap">v{v.version}</td>
                  <td className="muted nowrap">{formatTime(v.createdAt, language)}</td>
                  <td>{v.createdBy}</td>
                  <td className="muted">{v.comment ?? ''}</td>
                  <td className="nowrap">
                    {v.version === publishedVersion ? (
                      <span className="tag ok-tag" data-testid="published-marker">
                        {t('flow.publishedTag')}
                      </span>
                    ) : confirming === v.version ? (
                      <span className="confirm" role="group">
                        {t(older ? 'flow.rollbackConfirm' : 'flow.publishConfirm', {
                          version: v.version,
                        })}
                        <button
                          type="button"
                          className="danger"
                          disabled={busy}
                          autoFocus
                          onClick={() => void publish(v.version)}
                        >
                          {t('flow.publishYes')}
                        </button>
                        <button type="button" onClick={() => setConfirming(undefined)}>
                          {t('common.cancel')}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => {
                          setOutcome(undefined);
                          setConfirming(v.version);
                        }}
                      >
                        {t(older ? 'flow.rollbackTo' : 'flow.publishThis')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
