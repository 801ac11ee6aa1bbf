// Blind transfer of the current call to a queue, an extension or an outside number.
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

export type TransferTarget =
  | { kind: 'queue'; queue: string }
  | { kind: 'extension'; extension: string }
  | { kind: 'external'; number: string };

export function TransferForm(props: {
  queues: string[];
  onTransfer: (target: TransferTarget) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<TransferTarget['kind']>('queue');
  const [value, setValue] = useState('');
  const target = (): TransferTarget =>
    kind === 'queue'
      ? { kind, queue: value.trim() }
      : kind === 'extension'
        ? { kind, extension: value.trim() }
        : { kind, number: value.trim() };
  return (
    <form
      className="transfer"
      onSubmit={(e) => {
        e.preventDefault();
        props.onTransfer(target());
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
    >
      <label htmlFor="transfer-kind">{t('action.transferKind')}</label>
      <select
        id="transfer-kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as TransferTarget['kind'])}
      >
        {(['queue', 'extension', 'external'] as const).map((k) => (
          <option key={k} value={k}>
            {t(`action.kind.${k}`)}
          </option>
        ))}
      </select>
      <input
        id="transfer-to"
        aria-label={t('action.transferTarget')}
        placeholder={t('action.transferTarget')}
        list={kind === 'queue' ? 'transfer-queues' : undefined}
        required
        autoFocus
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <datalist id="transfer-queues">
        {props.queues.map((q) => (
          <option key={q} value={q} />
        ))}
      </datalist>
      <button type="submit" className="primary">
        {t('action.transfer')}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
