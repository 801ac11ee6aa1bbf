// A trunk's health as the trunks page shows it: the verdict coloured as on the wallboard, and what
// it rests on (registration, keep-alive, the last error).
import type { TrunkHealth } from '../../api/types.ts';
import type { Translate } from '../../i18n/i18n.tsx';

/** The verdict coloured as on the wallboard, and what it rests on. */
export function TrunkStatus(props: { t: Translate; status: TrunkHealth | null }) {
  const { t, status } = props;
  if (status === null) return <span className="muted">{t('trunks.notRunning')}</span>;
  const parts = [
    status.registration &&
      t('trunks.registrationState', { state: t(`trunks.reg.${status.registration.state}`) }),
    status.keepAlive &&
      t('trunks.keepAliveState', { state: t(`wall.health.status.${status.keepAlive.state}`) }),
    status.error ?? status.registration?.reason,
  ].filter(Boolean);
  return (
    <>
      <span
        className={`health-pill health-${status.status}`}
        data-status={status.status}
        title={t(`wall.health.status.${status.status}`)}
      >
        {t(`wall.health.status.${status.status}`)}
      </span>
      {parts.length > 0 && <span className="trunk-detail">{parts.join(' · ')}</span>}
    </>
  );
}
