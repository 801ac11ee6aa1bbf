// Schedules: the opening hours IVR flows name (a time zone, open ranges per weekday, dated
// exceptions such as public holidays). The list, and one form to create or edit a schedule with
// ranges added and removed per day and exceptions added and removed; the server's complaint shows
// on the field at fault; deletion after a second click (the server refuses one a published flow
// names, and says which).
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { ScheduleDocument, ScheduleView } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { Loaded } from '../../ui/loaded.tsx';
import { Field } from './field.tsx';
import { fieldError, noErrors } from './form-errors.ts';
import { ListMessages } from './list-messages.tsx';
import {
  WEEKDAYS,
  scheduleBody,
  scheduleFormPaths,
  scheduleFormValues,
  type ScheduleFormValues,
  type Weekday,
} from './schedule-document.ts';
import { ScheduleRanges } from './schedule-ranges.tsx';
import { RowDelete } from './row-delete.tsx';
import { useAdminList } from './use-admin-list.ts';

/** "Mon–Fri 09:00–18:00 · Sat 10:00–16:00": days with the same ranges grouped. */
export function weekSummary(t: Translate, hours: ScheduleDocument['hours']): string {
  const text = (d: Weekday) => (hours[d] ?? []).map((r) => `${r.from}–${r.to}`).join(', ');
  const parts: string[] = [];
  for (let i = 0; i < WEEKDAYS.length;) {
    let j = i;
    while (j + 1 < WEEKDAYS.length && text(WEEKDAYS[j + 1]!) === text(WEEKDAYS[i]!)) j++;
    const ranges = text(WEEKDAYS[i]!);
    const first = t(`schedules.short.${WEEKDAYS[i]!}`);
    if (ranges)
      parts.push(`${j > i ? `${first}–${t(`schedules.short.${WEEKDAYS[j]!}`)}` : first} ${ranges}`);
    i = j + 1;
  }
  return parts.length > 0 ? parts.join(' · ') : t('schedules.closed');
}

export function SchedulesPage() {
  const { t } = useI18n();
  const list = useAdminList(() => api<{ schedules: ScheduleView[] }>('GET', '/api/v1/schedules'));
  const { resource: schedules, errors, form } = list;
  /** The form's values; undefined while no schedule is being edited or created. */
  const [values, setValues] = useState<ScheduleFormValues>();
  const [editing, setEditing] = useState<string>();

  const open = (view?: ScheduleView) => {
    setValues(scheduleFormValues(view));
    setEditing(view?.name);
    list.clear();
    requestAnimationFrame(() =>
      form.current
        ?.querySelector<HTMLInputElement>(view ? '#schedule-description' : '#schedule-name')
        ?.focus(),
    );
  };
  const close = () => {
    setValues(undefined);
    setEditing(undefined);
    list.setErrors(noErrors);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!values) return;
    const name = values.name.trim();
    if (name === '') return list.setErrors(fieldError('name', t('schedules.required')));
    // PUT would replace it quietly: creating is for new names, editing goes through the list.
    if (!editing && schedules.data?.schedules.some((s) => s.name === name))
      return list.setErrors(fieldError('name', t('schedules.exists', { name })));
    await list.run(async () => {
      const saved = await api<ScheduleView>(
        'PUT',
        `/api/v1/schedules/${encodeURIComponent(name)}`,
        scheduleBody(values),
      );
      close();
      schedules.reload();
      return t('schedules.saved', { name, version: saved.version });
    }, scheduleFormPaths(values));
  };

  // The server's refusal names the published flows that use it.
  const remove = (name: string) =>
    list.remove(
      `/api/v1/schedules/${encodeURIComponent(name)}`,
      t('schedules.deleted', { name }),
      () => {
        if (editing === name) close();
      },
    );

  return (
    <section className="panel" aria-labelledby="schedules-title" data-testid="schedules-page">
      <h2 id="schedules-title">{t('admin.schedules')}</h2>
      <p className="hint">{t('schedules.hint')}</p>
      <ListMessages notice={list.notice} errors={errors.general} testId="schedules" />
      <Loaded
        resource={schedules}
        isEmpty={(data) => data.schedules.length === 0}
        empty={t('schedules.none')}
      >
        {(data) => (
          <table className="grid" data-testid="schedules">
            <thead>
              <tr>
                <th scope="col">{t('schedules.name')}</th>
                <th scope="col">{t('schedules.timeZone')}</th>
                <th scope="col">{t('schedules.week')}</th>
                <th scope="col">{t('schedules.exceptions')}</th>
                <th scope="col" className="num">
                  {t('schedules.version')}
                </th>
                <th scope="col">
                  <span className="sr-only">{t('codes.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.schedules.map((s) => (
                <tr key={s.name} data-schedule={s.name}>
                  <th scope="row">
                    {s.name}
                    {s.document.description && (
                      <div className="muted">{s.document.description}</div>
                    )}
                  </th>
                  <td data-col="timeZone">{s.timeZone}</td>
                  <td data-col="week">{weekSummary(t, s.document.hours)}</td>
                  <td
                    data-col="exceptions"
                    title={(s.document.exceptions ?? []).map((e) => e.date).join(', ')}
                  >
                    {t('schedules.exceptionsN', { count: s.document.exceptions?.length ?? 0 })}
                  </td>
                  <td className="num">{s.version}</td>
                  <td className="row-actions">
                    <RowDelete
                      list={list}
                      row={s.name}
                      question={t('schedules.deleteConfirm', { name: s.name })}
                      deleteLabel={t('schedules.deleteN', { name: s.name })}
                      onConfirm={() => void remove(s.name)}
                      edit={{
                        label: t('schedules.editN', { name: s.name }),
                        text: t('schedules.edit'),
                        onClick: () => open(s),
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>

      {!values ? (
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => open()}>
            {t('schedules.create')}
          </button>
        </div>
      ) : (
        <form
          ref={form}
          className="code-form schedule-form"
          noValidate
          onSubmit={(e) => void save(e)}
        >
          <h3>
            {editing ? t('schedules.editTitle', { name: editing }) : t('schedules.createTitle')}
          </h3>
          <div className="field-grid">
            <Field
              id="schedule-name"
              label={t('schedules.name')}
              error={errors.fields.get('name')}
              hint={t('schedules.nameHint')}
            >
              {(input) => (
                <input
                  {...input}
                  required
                  autoComplete="off"
                  readOnly={editing !== undefined}
                  value={values.name}
                  onChange={(e) => setValues({ ...values, name: e.target.value })}
                />
              )}
            </Field>
            <Field
              id="schedule-timeZone"
              label={t('schedules.timeZone')}
              error={errors.fields.get('timeZone')}
              hint={t('schedules.timeZoneHint')}
            >
              {(input) => (
                <input
                  {...input}
                  autoComplete="off"
                  placeholder="Asia/Shanghai"
                  value={values.timeZone}
                  onChange={(e) => setValues({ ...values, timeZone: e.target.value })}
                />
              )}
            </Field>
            <Field
              id="schedule-description"
              label={t('schedules.description')}
              error={errors.fields.get('description')}
            >
              {(input) => (
                <input
                  {...input}
                  autoComplete="off"
                  value={values.description}
                  onChange={(e) => setValues({ ...values, description: e.target.value })}
                />
              )}
            </Field>
          </div>

          <fieldset className="schedule-week">
            <legend>{t('schedules.week')}</legend>
            <p className="hint">{t('schedules.timeHint')}</p>
            {errors.fields.get('hours') && (
              <p className="field-error">{errors.fields.get('hours')}</p>
            )}
            {WEEKDAYS.map((day) => (
              <ScheduleRanges
                key={day}
                id={`schedule-hours-${day}`}
                path={`hours.${day}`}
                label={t(`schedules.day.${day}`)}
                ranges={values.hours[day]}
                errors={errors.fields}
                onChange={(ranges) =>
                  setValues({ ...values, hours: { ...values.hours, [day]: ranges } })
                }
              />
            ))}
          </fieldset>

          <fieldset className="schedule-exceptions" data-testid="schedule-exceptions">
            <legend>{t('schedules.exceptions')}</legend>
            <p className="hint">{t('schedules.exceptionsHint')}</p>
            {values.exceptions.length === 0 && (
              <p className="muted">{t('schedules.noExceptions')}</p>
            )}
            {values.exceptions.map((exception, i) => {
              const set = (change: Partial<ScheduleFormValues['exceptions'][number]>) =>
                setValues({
                  ...values,
                  exceptions: values.exceptions.map((e, j) => (j === i ? { ...e, ...change } : e)),
                });
              const rowError = errors.fields.get(`exceptions.${i}`);
              return (
                <div className="schedule-exception" key={i} data-exception={i}>
                  <div className="field-grid">
                    <Field
                      id={`schedule-exception-${i}-date`}
                      label={t('schedules.date')}
                      error={errors.fields.get(`exceptions.${i}.date`)}
                    >
                      {(input) => (
                        <input
                          {...input}
                          type="date"
                          required
                          value={exception.date}
                          onChange={(e) => set({ date: e.target.value })}
                        />
                      )}
                    </Field>
                    <Field
                      id={`schedule-exception-${i}-name`}
                      label={t('schedules.exceptionName')}
                      error={errors.fields.get(`exceptions.${i}.name`)}
                    >
                      {(input) => (
                        <input
                          {...input}
                          autoComplete="off"
                          placeholder={t('schedules.exceptionNamePlaceholder')}
                          value={exception.name}
                          onChange={(e) => set({ name: e.target.value })}
                        />
                      )}
                    </Field>
                  </div>
                  <ScheduleRanges
                    id={`schedule-exception-${i}-hours`}
                    path={`exceptions.${i}.hours`}
                    label={exception.date || t('schedules.exceptionN', { n: i + 1 })}
                    ranges={exception.hours}
                    errors={errors.fields}
                    closedText={t('schedules.closedAllDay')}
                    onChange={(hours) => set({ hours })}
                  />
                  {rowError && <p className="field-error">{rowError}</p>}
                  <button
                    type="button"
                    aria-label={t('schedules.removeExceptionN', { n: i + 1 })}
                    onClick={() =>
                      setValues({
                        ...values,
                        exceptions: values.exceptions.filter((_, j) => j !== i),
                      })
                    }
                  >
                    {t('schedules.removeRange')}
                  </button>
                </div>
              );
            })}
            {errors.fields.get('exceptions') && (
              <p className="field-error">{errors.fields.get('exceptions')}</p>
            )}
            <button
              type="button"
              onClick={() => {
                setValues({
                  ...values,
                  exceptions: [...values.exceptions, { date: '', name: '', hours: [] }],
                });
                const n = values.exceptions.length;
                requestAnimationFrame(() =>
                  form.current
                    ?.querySelector<HTMLInputElement>(`#schedule-exception-${n}-date`)
                    ?.focus(),
                );
              }}
            >
              {t('schedules.addException')}
            </button>
          </fieldset>

          <div className="form-actions">
            <button type="submit" className="primary" disabled={list.busy}>
              {t('common.save')}
            </button>
            <button type="button" onClick={close}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
