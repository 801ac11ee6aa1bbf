// The queues as the ACD runs them: each one's effective settings at a glance, a link to edit
// it and a button to create another.
import { api } from '../../api/client.ts';
import type { QueueSettings, QueueView } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { Loaded } from '../../ui/loaded.tsx';
import { Notice } from '../../ui/notice.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';

export function queueEditPath(name: string): string {
  return `/admin/queues/${encodeURIComponent(name)}/edit`;
}

/** Where a queue sends the calls it gives up on, in words. */
export function overflowText(t: Translate, overflow: QueueSettings['overflow']): string {
  return overflow.kind === 'flow'
    ? t('queue.overflowFlowNamed', { flow: overflow.flow })
    : t(`queue.overflow.${overflow.kind}`);
}

export function QueuesList({ notice }: { notice: string | undefined }) {
  const { t, language } = useI18n();
  const queues = useResource(() => api<{ queues: QueueView[] }>('GET', '/api/v1/queues'));
  const seconds = (value: number | null) => (value === null ? '—' : t('queue.seconds', { value }));

  return (
    <section className="panel" aria-labelledby="queues-title">
      <div className="toolbar">
        <h2 id="queues-title">{t('admin.queues')}</h2>
        <span className="spacer" />
        <a className="button primary" href="/admin/queues/new" onClick={onLinkClick}>
          {t('queue.new')}
        </a>
      </div>
      <Notice text={notice} testId="admin-notice" />
      <Loaded
        resource={queues}
        isEmpty={(data) => data.queues.length === 0}
        empty={t('queue.none')}
      >
        {(data) => (
          <table className="grid" data-testid="queues">
            <thead>
              <tr>
                <th scope="col">{t('queue.name')}</th>
                <th scope="col">{t('queue.skills')}</th>
                <th scope="col">{t('queue.strategy')}</th>
                <th scope="col">{t('queue.serviceLevel')}</th>
                <th scope="col" className="num">
                  {t('queue.ringTimeout')}
                </th>
                <th scope="col" className="num">
                  {t('queue.wrapUp')}
                </th>
                <th scope="col" className="num">
                  {t('queue.maxWait')}
                </th>
                <th scope="col">{t('queue.overflow')}</th>
                <th scope="col" className="num">
                  {t('queue.waiting')}
                </th>
                <th scope="col">{t('queue.version')}</th>
              </tr>
            </thead>
            <tbody>
              {data.queues.map(({ name, config, version, updatedAt, updatedBy, waiting }) => (
                <tr key={name} data-queue={name}>
                  <th scope="row">
                    <a href={queueEditPath(name)} onClick={onLinkClick}>
                      {name}
                    </a>
                  </th>
                  <td data-col="skills">
                    {config.skills.length === 0 ? (
                      <span className="muted">{t('queue.anySkill')}</span>
                    ) : (
                      config.skills.map((s) => (
                        <span key={s.skill} className="tag skill-tag">
                          {s.minLevel > 1 ? `${s.skill} ≥ ${s.minLevel}` : s.skill}
                        </span>
                      ))
                    )}
                  </td>
                  <td data-col="strategy">{config.strategy}</td>
                  <td data-col="service-level">
                    {t('queue.slValue', {
                      percent: config.serviceLevel.percent,
                      seconds: config.serviceLevel.seconds,
                    })}
                  </td>
                  <td className="num">{seconds(config.ringTimeoutSeconds)}</td>
                  <td className="num">
                    {config.wrapUpUntilAgentEnds
                      ? t('queue.untilAgentEnds')
                      : seconds(config.wrapUpSeconds)}
                  </td>
                  <td className="num">{seconds(config.maxWaitSeconds)}</td>
                  <td>{overflowText(t, config.overflow)}</td>
                  <td className="num">{waiting ?? '—'}</td>
                  <td className="muted">
                    {t('queue.versionBy', {
                      version,
                      time: formatTime(updatedAt, language),
                      by: updatedBy,
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
