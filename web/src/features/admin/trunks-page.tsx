// The SIP trunks (carriers): each one's server, where it comes from (the config file's are
// read-only), its status coloured as on the wallboard (registration, keep-alive; pushed over the
// CTI feed, not polled) and its calls out; a form to create one or edit the one chosen, whose
// passwords are write-only ("unchanged" when left empty); deletion after a second click (the
// server refuses a trunk with calls going out, and says so). The server checks every field and
// its complaint shows under that field.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useCti } from '../../api/cti.ts';
import type { TrunkView } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Loaded } from '../../ui/loaded.tsx';
import { fieldError, noErrors } from './form-errors.ts';
import { ListMessages } from './list-messages.tsx';
import { RowDelete } from './row-delete.tsx';
import {
  trunkBody,
  trunkFormPaths,
  trunkFormValues,
  type TrunkFormValues,
} from './trunk-document.ts';
import { TrunkForm } from './trunk-form.tsx';
import { TrunkStatus } from './trunk-status.tsx';
import { useAdminList } from './use-admin-list.ts';

export function TrunksPage() {
  const { t } = useI18n();
  const list = useAdminList(() => api<{ trunks: TrunkView[] }>('GET', '/api/v1/trunks'));
  const { resource: trunks, errors, form } = list;
  // The wallboard's feed: a trunk's status changes arrive here as they happen.
  const live = useCti().state.telephony?.trunks;
  const [values, setValues] = useState<TrunkFormValues>(() => trunkFormValues());
  /** The trunk being edited; undefined while the form creates one. */
  const [editing, setEditing] = useState<TrunkView>();

  const set = <K extends keyof TrunkFormValues>(key: K, value: TrunkFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const edit = (trunk: TrunkView) => {
    setEditing(trunk);
    setValues(trunkFormValues(trunk));
    list.clear();
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLInputElement>('#trunk-host')?.focus(),
    );
  };
  const reset = () => {
    setEditing(undefined);
    setValues(trunkFormValues());
    list.setErrors(noErrors);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const name = values.name.trim();
    if (name === '') return list.setErrors(fieldError('name', t('trunks.required')));
    if (!editing && trunks.data?.trunks.some((tr) => tr.name === name))
      return list.setErrors(fieldError('name', t('trunks.exists', { name })));
    await list.run(async () => {
      const saved = await api<{ trunk: TrunkView }>(
        'PUT',
        `/api/v1/trunks/${encodeURIComponent(name)}`,
        trunkBody(values),
      );
      reset();
      trunks.reload();
      return editing
        ? t('trunks.saved', { name, version: saved.trunk.version ?? 1 })
        : t('trunks.created', { name });
    }, trunkFormPaths);
  };

  // The server's refusal (calls going out, a flow transferring through it) says what to do.
  const remove = (name: string) =>
    list.remove(`/api/v1/trunks/${encodeURIComponent(name)}`, t('trunks.deleted', { name }), () => {
      if (editing?.name === name) reset();
    });

  return (
    <section className="panel" aria-labelledby="trunks-title" data-testid="trunks-page">
      <h2 id="trunks-title">{t('admin.trunks')}</h2>
      <p className="hint">{t('trunks.hint')}</p>
      <ListMessages notice={list.notice} errors={errors.general} testId="trunks" />
      <Loaded
        resource={trunks}
        isEmpty={(data) => data.trunks.length === 0}
        empty={t('trunks.none')}
      >
        {(data) => (
          <table className="grid" data-testid="trunks">
            <thead>
              <tr>
                <th scope="col">{t('trunks.name')}</th>
                <th scope="col">{t('trunks.source')}</th>
                <th scope="col">{t('trunks.server')}</th>
                <th scope="col">{t('trunks.status')}</th>
                <th scope="col">{t('trunks.calls')}</th>
                <th scope="col">
                  <span className="sr-only">{t('codes.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.trunks.map((tr) => {
                const status = live?.find((s) => s.name === tr.name) ?? tr.status;
                return (
                  <tr key={tr.name} data-trunk={tr.name}>
                    <th scope="row" className="nowrap">
                      {tr.name}
                    </th>
                    <td data-col="source">
                      {tr.source === 'config' ? t('trunks.sourceConfig') : t('trunks.sourceApi')}
                    </td>
                    <td data-col="server" className="nowrap">
                      {tr.host}:{tr.port}/{tr.transport}
                    </td>
                    <td data-col="status">
                      <TrunkStatus t={t} status={status} />
                    </td>
                    <td data-col="calls">
                      {status === null
                        ? '—'
                        : tr.maxConcurrentCalls === null
                          ? status.activeCalls
                          : t('trunks.callsOf', {
                              active: status.activeCalls,
                              max: tr.maxConcurrentCalls,
                            })}
                    </td>
                    <td className="row-actions">
                      {tr.source === 'config' ? (
                        <span className="muted">{t('trunks.readOnly')}</span>
                      ) : (
                        <RowDelete
                          list={list}
                          row={tr.name}
                          question={t('trunks.deleteConfirm', { name: tr.name })}
                          deleteLabel={t('trunks.deleteN', { name: tr.name })}
                          onConfirm={() => void remove(tr.name)}
                          edit={{
                            label: t('trunks.editN', { name: tr.name }),
                            text: t('trunks.edit'),
                            onClick: () => edit(tr),
                          }}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Loaded>

      <TrunkForm
        form={form}
        values={values}
        set={set}
        editing={editing}
        errors={errors}
        busy={list.busy}
        onSubmit={(e) => void save(e)}
        onCancel={reset}
      />
    </section>
  );
}
