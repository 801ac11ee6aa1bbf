// One tile per queue: waiting now, longest wait, answered, abandoned, the
// service level against its target, and the queue's agents by state.
import type { CtiQueueFigures } from '../../api/cti.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty } from '../../ui/states.tsx';
import { formatDuration } from '../../ui/time.ts';
import { waitThresholds } from './thresholds.ts';

const busy = ['reserved', 'on-call', 'held', 'wrap-up'];

export function QueueTiles(props: { queues: CtiQueueFigures[]; now: number }) {
  const { t } = useI18n();
  if (props.queues.length === 0) return <Empty>{t('wall.noQueues')}</Empty>;
  return (
    <div className="tiles">
      {props.queues.map((q) => {
        const waitMs = q.oldestWaitingSince === null ? 0 : props.now - q.oldestWaitingSince;
        const waitLevel =
          waitMs >= waitThresholds.alarm * 1000
            ? 'alarm'
            : waitMs >= waitThresholds.warn * 1000
              ? 'warn'
              : 'ok';
        const sl = q.serviceLevel.value;
        const slLevel =
          sl === null ? 'ok' : sl * 100 >= q.serviceLevel.targetPercent ? 'good' : 'alarm';
        const agents = Object.entries(q.agents);
        const total = agents.reduce((sum, [, n]) => sum + n, 0);
        const count = (states: string[]) =>
          agents.filter(([s]) => states.includes(s)).reduce((sum, [, n]) => sum + n, 0);
        return (
          <section className="tile" key={q.queue} data-testid={`queue-${q.queue}`}>
            <h3>{q.queue}</h3>
            <div className="tile-main">
              <div className={`figure level-${q.waiting > 0 ? waitLevel : 'ok'}`}>
                <span className="value" data-testid="waiting">
                  {q.waiting}
                </span>
                <span className="label">{t('wall.waiting')}</span>
              </div>
              <div className={`figure level-${waitLevel}`}>
                <span className="value">{q.waiting ? formatDuration(waitMs) : '—'}</span>
                <span className="label">{t('wall.longest')}</span>
              </div>
              <div className={`figure level-${slLevel}`}>
                <span className="value">{sl === null ? '—' : `${Math.round(sl * 100)}%`}</span>
                <span className="label">{t('wall.serviceLevel')}</span>
                <span className="sub">
                  {t('wall.target', { percent: q.serviceLevel.targetPercent })}
                </span>
              </div>
            </div>
            <dl className="tile-facts">
              <dt>{t('wall.answered')}</dt>
              <dd>{q.answered}</dd>
              <dt>{t('wall.abandoned')}</dt>
              <dd>{q.abandoned}</dd>
              <dt>{t('wall.agents')}</dt>
              <dd className="small">
                {total > 0
                  ? t('wall.agentsIn', { ready: count(['ready']), busy: count(busy), total })
                  : '—'}
              </dd>
            </dl>
          </section>
        );
      })}
    </div>
  );
}
