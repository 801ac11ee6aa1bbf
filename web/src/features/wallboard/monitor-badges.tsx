// Who supervises a live call and how: one small badge per supervisor on it, as the CTI feed
// tells (so every supervisor's wallboard shows it, not only the one who clicked).
import type { CtiMonitor } from '../../api/cti-state.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function MonitorBadges(props: {
  monitors: readonly CtiMonitor[] | undefined;
  /** The signed-in user's username: their own monitor reads "You". */
  self?: string | undefined;
}) {
  const { t } = useI18n();
  if (!props.monitors?.length) return null;
  return (
    <>
      {props.monitors.map((m) => {
        const values = {
          supervisor: m.supervisor === props.self ? t('monitor.you') : m.supervisor,
          mode: t(`monitor.active.${m.mode}`),
        };
        return (
          <span
            key={m.supervisor}
            className="tag monitor-tag"
            data-testid="monitor-mode"
            data-supervisor={m.supervisor}
            data-mode={m.mode}
            data-phase={m.phase}
            title={t('monitor.badgeTitle', {
              supervisor: m.supervisor,
              extension: m.extension ?? '—',
            })}
          >
            {t(m.phase === 'ringing' ? 'monitor.badgeRinging' : 'monitor.badge', values)}
          </span>
        );
      })}
    </>
  );
}
