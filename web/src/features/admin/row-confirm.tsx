// A list row's actions with a second click before the one that cannot be undone: while the row is
// confirming, its question, the button that does it (focused, so Enter confirms) and Cancel stand
// in place of the row's usual buttons.
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

export function RowConfirm(props: {
  /** Whether this row asks now; otherwise the row's usual buttons (children) show. */
  confirming: boolean;
  question: string;
  /** The confirming button's text; deleting's by default. */
  yes?: string;
  /** A delete is dangerous; a reset that hands out a new secret is the primary action. */
  tone?: 'danger' | 'primary';
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  if (!props.confirming) return <>{props.children}</>;
  return (
    <>
      <span>{props.question}</span>
      <button
        type="button"
        className={props.tone ?? 'danger'}
        autoFocus
        disabled={props.busy}
        onClick={props.onConfirm}
      >
        {props.yes ?? t('codes.deleteYes')}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </>
  );
}
