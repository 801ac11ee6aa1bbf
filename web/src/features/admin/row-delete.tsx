// A list row's usual actions, an optional Edit and a Delete that asks a second time (RowConfirm)
// before it does anything.
import { useI18n } from '../../i18n/i18n.tsx';
import { RowConfirm } from './row-confirm.tsx';
import type { AdminList } from './use-admin-list.ts';

export function RowDelete(props: {
  /** The page's list, which knows the row asking a second time. */
  list: Pick<AdminList<unknown, unknown>, 'confirmFor' | 'ask'>;
  /** The row's key in the list. */
  row: string;
  question: string;
  /** The Delete button's accessible name, naming the row. */
  deleteLabel: string;
  onConfirm: () => void;
  edit?: { label: string; text: string; onClick: () => void };
}) {
  const { t } = useI18n();
  const { edit, list, row } = props;
  return (
    <RowConfirm {...list.confirmFor(row)} question={props.question} onConfirm={props.onConfirm}>
      {edit && (
        <button type="button" aria-label={edit.label} onClick={edit.onClick}>
          {edit.text}
        </button>
      )}
      <button type="button" aria-label={props.deleteLabel} onClick={() => list.ask(row)}>
        {t('codes.delete')}
      </button>
    </RowConfirm>
  );
}
