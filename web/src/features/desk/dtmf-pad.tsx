// A keypad for digits toward the customer's side (an outside IVR reached by a
// transfer, a PIN): click the keys or type them while the pad has the focus.
import { useI18n } from '../../i18n/i18n.tsx';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function DtmfPad(props: { onDigit: (digit: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div
      className="dtmf-pad"
      role="group"
      aria-label={t('action.dtmf')}
      data-testid="dtmf-pad"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'Escape') return props.onClose();
        if ((KEYS as readonly string[]).includes(e.key)) {
          e.preventDefault();
          props.onDigit(e.key);
        }
      }}
    >
      {KEYS.map((key, i) => (
        <button
          key={key}
          type="button"
          autoFocus={i === 0}
          onClick={() => props.onDigit(key)}
          data-testid={`dtmf-${key}`}
        >
          {key}
        </button>
      ))}
      <button type="button" className="close" onClick={props.onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
