// Telephony health on the wallboard: phones registered, trunks up, calls in progress and media
// load, coloured by how they stand, with the trunks that are down and the agents whose phone is
// not registered named. Pushed over the CTI WebSocket when it changes (no polling).
import type { TelephonyHealth } from '../../api/cti.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { Empty } from '../../ui/states.tsx';

type Level = 'good' | 'ok' | 'warn' | 'alarm';
type Trunk = TelephonyHealth['trunks'][number];

/** Busy shares (percent) at which a media worker turns amber, and red (where the engine stops placing calls). */
export const mediaThresholds = { warn: 60, alarm: 85 };

function Figure(props: { id: string; level: Level; value: string; label: string; sub: string }) {
  return (
    <div className={`figure level-${props.level}`} data-testid={props.id}>
      <span className="value">{props.value}</span>
      <span className="label">{props.label}</span>
      <span className="sub">{props.sub}</span>
    </div>
  );
}

/** Why a trunk counts as down, for the list under the figures. */
function whyDown(t: Translate, trunk: Trunk): string {
  if (trunk.error !== null) return trunk.error;
  if (trunk.registration?.state === 'failed')
    return t('wall.health.registrationFailed', {
      reason: trunk.registration.reason ?? trunk.registration.state,
    });
  return t('wall.health.keepAliveDown', { status: trunk.keepAlive?.lastStatus ?? '—' });
}

export function TelephonyHealthPanel(props: { health: TelephonyHealth | null }) {
  const { t } = useI18n();
  const { health } = props;
  const title = (
    <h2 id="health-title" className="section-title">
      {t('wall.health')}
    </h2>
  );
  if (health === null)
    return (
      <section aria-labelledby="health-title">
        {title}
        <Empty>{t('wall.health.unavailable')}</Empty>
      </section>
    );
  const { extensions, trunks, calls, media } = health;
  const down = trunks.filter((tr) => tr.status === 'down');
  const up = trunks.filter((tr) => tr.status === 'up').length;
  const workers = media?.workers ?? [];
  const busiest = Math.max(0, ...workers.map((w) => w.busyPercent ?? 0));
  const endpoints = workers.reduce((sum, w) => sum + w.endpoints, 0);
  const mediaLevel: Level =
    !health.running || workers.some((w) => !w.ready) || busiest >= mediaThresholds.alarm
      ? 'alarm'
      : busiest >= mediaThresholds.warn
        ? 'warn'
        : 'good';
  return (
    <section aria-labelledby="health-title" data-testid="telephony-health">
      {title}
      <div className="panel health">
        {!health.running && (
          <p className="warning" role="status">
            {t('wall.health.stopped')}
          </p>
        )}
        <div className="tile-main health-figures">
          <Figure
            id="health-registered"
            level={extensions.unregisteredAgents.length > 0 ? 'warn' : 'good'}
            value={String(extensions.registered)}
            label={t('wall.health.registered')}
            sub={t('wall.health.ofExtensions', { known: extensions.known })}
          />
          <Figure
            id="health-trunks"
            level={
              down.length > 0 ? 'alarm' : trunks.length > 0 && up === trunks.length ? 'good' : 'ok'
            }
            value={trunks.length === 0 ? '—' : `${up}/${trunks.length}`}
            label={t('wall.health.trunksUp')}
            sub={
              trunks.length === 0
                ? t('wall.health.noTrunks')
                : t('wall.health.trunksDown', { down: down.length })
            }
          />
          <Figure
            id="health-calls"
            level="ok"
            value={String(calls.calls)}
            label={t('wall.health.calls')}
            sub={t('wall.health.legs', { legs: calls.legs })}
          />
          <Figure
            id="health-media"
            level={mediaLevel}
            value={media ? `${busiest}%` : '—'}
            label={t('wall.health.media')}
            sub={t('wall.health.workers', { workers: workers.length, endpoints })}
          />
        </div>
        {trunks.length > 0 && (
          <p className="health-line" data-testid="health-trunk-list">
            {trunks.map((tr) => (
              <span
                key={tr.name}
                className={`health-pill health-${tr.status}`}
                data-status={tr.status}
                title={t(`wall.health.status.${tr.status}`)}
              >
                {tr.name} · {t(`wall.health.status.${tr.status}`)}
              </span>
            ))}
          </p>
        )}
        {workers.length > 0 && (
          <ul className="health-workers" data-testid="health-workers">
            {workers.map((w) => (
              <li key={w.index} className={w.ready ? '' : 'level-alarm'}>
                {t('wall.health.worker', { index: w.index })}:{' '}
                {w.ready
                  ? t('wall.health.workerLine', {
                      endpoints: w.endpoints,
                      busy: w.busyPercent === null ? '—' : `${w.busyPercent}%`,
                      late: w.lateTicks ?? 0,
                    })
                  : t('wall.health.workerRestarting')}
              </li>
            ))}
          </ul>
        )}
        {down.length > 0 && (
          <div className="health-problems" role="alert" data-testid="health-down-trunks">
            <h3>{t('wall.health.downTrunks')}</h3>
            <ul>
              {down.map((tr) => (
                <li key={tr.name}>
                  <strong>{tr.name}</strong> — {whyDown(t, tr)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {extensions.unregisteredAgents.length > 0 && (
          <div className="health-problems" data-testid="health-unregistered">
            <h3>{t('wall.health.unregisteredAgents')}</h3>
            <ul>
              {extensions.unregisteredAgents.map((a) => (
                <li key={a.agentId} data-agent={a.agentId}>
                  <strong>{a.agentId}</strong> · {t('wall.extension')} {a.extension}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
