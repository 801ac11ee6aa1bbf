// Transfer of the current call: blind to a queue, an extension or an outside
// number, or "consult" first (an extension or a number rings while the
// customer hears music), for an attended transfer or a conference.
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

export type TransferTarget =
  | { kind: 'queue'; queue: string }
  | { kind: 'extension'; extension: string }
  | { kind: 'external'; number: string };

export function TransferForm(props: {
  queues: string[];
  onTransfer: (target: TransferTarget) => void;
  onConsult: (target: Exclude<TransferTarget, { kind: 'queue' }>) => void;
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
      <button
        type="button"
        data-testid="consult"
        disabled={kind === 'queue' || value.trim() === ''}
        title={kind === 'queue' ? t('action.consultNoQueue') : undefined}
        onClick={() => {
          const chosen = target();
          if (chosen.kind !== 'queue') props.onConsult(chosen);
        }}
      >
        {t('action.consult')}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
