// Loading, empty and error states that say what is happening and what to do.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state-error" role="alert">
      <p>{errorText(t, error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** The message to show for a failed request. */
export function errorText(t: ReturnType<typeof useI18n>['t'], error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('common.offline');
    if (error.status === 401) return t('common.sessionEnded');
    if (error.status === 403) return `${t('common.forbidden')} (${error.message})`;
    return t('common.error', { message: error.message });
  }
  return t('common.error', { message: error instanceof Error ? error.message : String(error) });
}
