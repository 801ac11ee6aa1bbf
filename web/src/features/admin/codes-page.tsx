// The two code lists side by side: why an agent is not ready, and how a call ended.
import { useI18n } from '../../i18n/i18n.tsx';
import { CodeList } from './code-list.tsx';

export function CodesPage() {
  const { t } = useI18n();
  return (
    <div className="codes-split">
      <CodeList resource="reason-codes" title={t('codes.reasons')} hint={t('codes.reasonsHint')} />
      <CodeList
        resource="disposition-codes"
        title={t('codes.dispositions')}
        hint={t('codes.dispositionsHint')}
      />
    </div>
  );
}
