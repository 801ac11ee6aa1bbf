// The audit log, newest first: who changed what and from where, one resource at a time if
// asked, older entries a page at a time.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { AuditEntry } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';

const PAGE = 50;

/** The resources audit entries name (the server's audit records), for the filter. */
const resources = [
  'queues',
  'reason-codes',
  'disposition-codes',
  'users',
  'api-tokens',
  'ivr-flows',
  'dialed-numbers',
  'prompts',
  'extensions',
  'agent-profiles',
  'agents',
  'calls',
  'recordings',
  'customers',
  'webhooks',
] as const;

function page(resource: string, before?: number): Promise<{ entries: AuditEntry[] }> {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (resource) query.set('resource', resource);
  if (before !== undefined) query.set('before', String(before));
  return api('GET', `/api/v1/audit?${query}`);
}

export function AuditLog() {
  const { t, language } = useI18n();
  const [resource, setResource] = useState('');
  const log = useResource(() => page(resource), [resource]);
  const [more, setMore] = useState<{ entries: AuditEntry[]; done: boolean; error?: unknown }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const entries = [...(log.data?.entries ?? []), ...(more?.entries ?? [])];
  const done = more ? more.done : (log.data?.entries.length ?? 0) < PAGE;

  const older = async () => {
    const last = entries.at(-1);
    if (!last) return;
    setLoadingMore(true);
    try {
      const next = await page(resource, last.id);
      setMore({
        entries: [...(more?.entries ?? []), ...next.entries],
        done: next.entries.length < PAGE,
      });
    } catch (error) {
      setMore({ entries: more?.entries ?? [], done: false, error });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="audit-title">
      <div className="toolbar">
        <h2 id="audit-title">{t('admin.audit')}</h2>
        <span className="spacer" />
        <label htmlFor="audit-resource" className="inline-label">
          {t('audit.resource')}
        </label>
        <select
          id="audit-resource"
          value={resource}
          onChange={(e) => {
            setMore(undefined);
            setResource(e.target.value);
          }}
        >
          <option value="">{t('audit.allResources')}</option>
          {resources.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      {log.error ? (
        <ErrorState error={log.error} onRetry={log.reload} />
      ) : !log.data || log.loading ? (
        <Loading />
      ) : entries.length === 0 ? (
        <Empty>{t('audit.none')}</Empty>
      ) : (
        <>
          <table className="grid audit" data-testid="audit">
            <thead>
              <tr>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.resource')}</th>
                <th scope="col">{t('audit.address')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td className="muted nowrap">{formatTime(e.time, language)}</td>
                  <td className="nowrap">
                    {e.actorName}
                    {e.actorKind !== 'user' && <span className="tag">{e.actorKind}</span>}
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.resource}
                    {e.resourceId !== null && <span className="muted"> · {e.resourceId}</span>}
                  </td>
                  <td className="muted">{e.ip ?? '—'}</td>
                  <td className="audit-details">
                    {Object.keys(e.details).length > 0 && <code>{JSON.stringify(e.details)}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {more?.error !== undefined && (
            <ErrorState error={more.error} onRetry={() => void older()} />
          )}
          <div className="form-actions">
            {done ? (
              <span className="muted">{t('audit.end')}</span>
            ) : (
              <button type="button" disabled={loadingMore} onClick={() => void older()}>
                {loadingMore ? t('common.loading') : t('audit.older')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
