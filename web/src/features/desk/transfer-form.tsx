// Transfer of the current call: blind to a queue, an extension or an outside
// number, or "consult" first (an extension or a number rings while the
// customer hears music), for an attended transfer or a conference. For an
// extension, a searchable directory of agents with their live state.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CtiAgent } from '../../api/cti-state.ts';
import type { ExtensionView } from '../../api/types.ts';
import { translateCode, useI18n } from '../../i18n/i18n.tsx';
import {
  buildDirectory,
  filterDirectory,
  resolveExtension,
  type DirectoryEntry,
} from './transfer-directory.ts';

export type TransferTarget =
  | { kind: 'queue'; queue: string }
  | { kind: 'extension'; extension: string }
  | { kind: 'external'; number: string };

/** At most this many directory entries are listed; typing narrows the rest. */
const SHOWN = 50;

export function TransferForm(props: {
  queues: string[];
  /** The agents the CTI feed shows this user (an agent sees only themselves). */
  agents: readonly CtiAgent[];
  /** The signed-in agent, left out of the directory. */
  self: string;
  /** Whether the role may read GET /api/v1/extensions (the directory's other source). */
  readsExtensions: boolean;
  onTransfer: (target: TransferTarget) => void;
  onConsult: (target: Exclude<TransferTarget, { kind: 'queue' }>) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<TransferTarget['kind']>('queue');
  const [value, setValue] = useState('');
  const [extensions, setExtensions] = useState<ExtensionView[]>([]);
  /** The directory entry the arrow keys point at. */
  const [active, setActive] = useState<number>();

  useEffect(() => {
    if (!props.readsExtensions) return;
    // Without the list the directory is the CTI feed alone; typing an extension still works.
    api<{ extensions: ExtensionView[] }>('GET', '/api/v1/extensions').then(
      (list) => setExtensions(list.extensions),
      () => undefined,
    );
  }, [props.readsExtensions]);

  const directory = useMemo(
    () => buildDirectory(props.agents, extensions, props.self),
    [props.agents, extensions, props.self],
  );
  const matches = useMemo(
    () => (kind === 'extension' ? filterDirectory(directory, value).slice(0, SHOWN) : []),
    [kind, directory, value],
  );
  const listed = kind === 'extension' && directory.length > 0;

  const target = (): TransferTarget =>
    kind === 'queue'
      ? { kind, queue: value.trim() }
      : kind === 'extension'
        ? { kind, extension: resolveExtension(directory, value) }
        : { kind, number: value.trim() };
  const pick = (entry: DirectoryEntry) => {
    setValue(entry.extension);
    setActive(undefined);
  };

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
        onChange={(e) => {
          setKind(e.target.value as TransferTarget['kind']);
          setActive(undefined);
        }}
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
        placeholder={t(listed ? 'action.directorySearch' : 'action.transferTarget')}
        list={kind === 'queue' ? 'transfer-queues' : undefined}
        required
        autoFocus
        autoComplete="off"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setActive(undefined);
        }}
        {...(listed
          ? {
              role: 'combobox',
              'aria-expanded': matches.length > 0,
              'aria-controls': 'transfer-directory',
              'aria-autocomplete': 'list' as const,
              'aria-activedescendant':
                active !== undefined && matches[active]
                  ? `directory-${matches[active].extension}`
                  : undefined,
            }
          : {})}
        onKeyDown={(e) => {
          if (!listed || matches.length === 0) return;
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((at) =>
              at === undefined
                ? step > 0
                  ? 0
                  : matches.length - 1
                : (at + step + matches.length) % matches.length,
            );
          } else if (e.key === 'Enter' && active !== undefined && matches[active]) {
            // Enter on a highlighted entry fills the target; the next Enter transfers.
            e.preventDefault();
            pick(matches[active]);
          }
        }}
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
      {kind === 'extension' &&
        (listed ? (
          <ul
            id="transfer-directory"
            className="transfer-directory"
            role="listbox"
            aria-label={t('action.directory')}
            data-testid="transfer-directory"
          >
            {matches.length === 0 && <li className="muted">{t('action.directoryNone')}</li>}
            {matches.map((entry, i) => (
              <li
                key={entry.extension}
                id={`directory-${entry.extension}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                data-testid={`directory-${entry.extension}`}
                // Mouse down, not click: the input keeps the focus, so Enter still transfers.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(entry);
                }}
              >
                <span className="directory-name">{entry.name}</span>
                <code>{entry.extension}</code>
                {entry.state ? (
                  <span className={`tag state-${entry.state}`} data-state={entry.state}>
                    {translateCode(t, 'state', entry.state)}
                  </span>
                ) : (
                  <span className="tag">{t('action.directoryNotLoggedIn')}</span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint transfer-hint">{t('action.directoryUnavailable')}</p>
        ))}
    </form>
  );
}
