// The IVR flows (open one to edit) and the dialed numbers routed to them: the administration's
// first section.
import { api } from '../../api/client.ts';
import type { FlowSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { Loaded } from '../../ui/loaded.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';

interface NumberRoute {
  number: string;
  flow: string;
  description: string;
}

export function FlowsSection() {
  const { t, language } = useI18n();
  const flows = useResource(() => api<{ flows: FlowSummary[] }>('GET', '/api/v1/ivr/flows'));
  const numbers = useResource(() => api<{ numbers: NumberRoute[] }>('GET', '/api/v1/ivr/numbers'));

  return (
    <>
      <section className="panel" aria-labelledby="flows-title">
        <h2 id="flows-title">{t('admin.flows')}</h2>
        <Loaded
          resource={flows}
          isEmpty={(data) => data.flows.length === 0}
          empty={t('admin.noFlows')}
        >
          {(data) => (
            <table className="grid" data-testid="flows">
              <thead>
                <tr>
                  <th scope="col">{t('admin.flowName')}</th>
                  <th scope="col">{t('admin.description')}</th>
                  <th scope="col" className="num">
                    {t('admin.published')}
                  </th>
                  <th scope="col" className="num">
                    {t('admin.latest')}
                  </th>
                  <th scope="col">{t('admin.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {data.flows.map((f) => (
                  <tr key={f.name}>
                    <th scope="row">
                      <a href={`/admin/flows/${encodeURIComponent(f.name)}`} onClick={onLinkClick}>
                        {f.name}
                      </a>
                    </th>
                    <td>{f.description}</td>
                    <td className="num">
                      {f.publishedVersion === null ? (
                        <span className="muted">{t('admin.notPublished')}</span>
                      ) : (
                        `v${f.publishedVersion}`
                      )}
                    </td>
                    <td className="num">v{f.latestVersion}</td>
                    <td>{formatTime(f.updatedAt, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
      <section className="panel" aria-labelledby="numbers-title">
        <h2 id="numbers-title">{t('admin.numbers')}</h2>
        <Loaded resource={numbers}>
          {(data) => (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('admin.number')}</th>
                  <th scope="col">{t('admin.flowName')}</th>
                  <th scope="col">{t('admin.description')}</th>
                </tr>
              </thead>
              <tbody>
                {data.numbers.map((n) => (
                  <tr key={n.number}>
                    <td>{n.number}</td>
                    <td>{n.flow}</td>
                    <td>{n.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
    </>
  );
}
