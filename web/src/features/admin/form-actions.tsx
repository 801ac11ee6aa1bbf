// The foot of an edit form: save, cancel back to the list and, for what exists already, delete
// after a second click.
import { onLinkClick } from '../../router.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function FormActions(props: {
  busy: boolean;
  submit: string;
  /** Where Cancel leads: the list the form came from. */
  back: string;
  /** Left out while nothing exists to delete. */
  remove?: {
    label: string;
    question: string;
    confirming: boolean;
    onConfirming: (confirming: boolean) => void;
    onConfirm: () => void;
  };
}) {
  const { t } = useI18n();
  const { busy, remove } = props;
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy}>
        {props.submit}
      </button>
      <a href={props.back} onClick={onLinkClick}>
        {t('common.cancel')}
      </a>
      <span className="spacer" />
      {remove &&
        (remove.confirming ? (
          <span className="confirm" role="group">
            {remove.question}
            <button
              type="button"
              className="danger"
              disabled={busy}
              autoFocus
              onClick={remove.onConfirm}
            >
              {t('queue.deleteYes')}
            </button>
            <button type="button" onClick={() => remove.onConfirming(false)}>
              {t('common.cancel')}
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => remove.onConfirming(true)}
          >
            {remove.label}
          </button>
        ))}
    </div>
  );
}
