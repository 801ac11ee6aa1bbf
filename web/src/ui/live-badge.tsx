// Says whether live updates are flowing, so nobody trusts a stale screen.
import type { LiveStatus } from '../api/cti.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  return (
    <span className={`live live-${status}`} data-testid="live-status" role="status">
      {status === 'live'
        ? t('common.live')
        : status === 'unavailable'
          ? t('common.liveUnavailable')
          : t('common.reconnecting')}
    </span>
  );
}
