// One day's open ranges in the schedule form (a weekday's or an exception's): from and to per
// row, added and removed with buttons; a new row takes the focus, and the server's complaint
// shows under the time it is about.
import { useRef } from 'react';
import type { ScheduleRange } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function ScheduleRanges(props: {
  id: string;
  /** The form path of the list (`hours.mon`), under which the server names each range's fields. */
  path: string;
  label: string;
  ranges: ScheduleRange[];
  errors: Map<string, string>;
  closedText?: string;
  onChange: (ranges: ScheduleRange[]) => void;
}) {
  const { t } = useI18n();
  const { id, path, label, ranges, errors, onChange } = props;
  const list = useRef<HTMLDivElement>(null);
  const set = (index: number, change: Partial<ScheduleRange>) =>
    onChange(ranges.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const dayError = errors.get(path);
  const time = (i: number, end: 'from' | 'to') => {
    const error = errors.get(`${path}.${i}.${end}`);
    const inputId = `${id}-${i}-${end}`;
    return (
      <input
        id={inputId}
        className="time"
        aria-label={t(end === 'from' ? 'schedules.fromN' : 'schedules.toN', {
          what: label,
          n: i + 1,
        })}
        inputMode="numeric"
        placeholder={end === 'from' ? '09:00' : '18:00'}
        maxLength={5}
        autoComplete="off"
        value={ranges[i]![end]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
        onChange={(e) => set(i, { [end]: e.target.value })}
      />
    );
  };
  return (
    <div className="schedule-day" data-day={path} ref={list}>
      <span className="schedule-day-label">{label}</span>
      <div className="schedule-ranges">
        {ranges.length === 0 && (
          <span className="muted">{props.closedText ?? t('schedules.closed')}</span>
        )}
        {ranges.map((_, i) => (
          <div className="schedule-range" key={i}>
            <div className="skill-inputs">
              {time(i, 'from')}
              <span aria-hidden="true">–</span>
              {time(i, 'to')}
              <button
                type="button"
                aria-label={t('schedules.removeRangeN', { what: label, n: i + 1 })}
                onClick={() => onChange(ranges.filter((_, j) => j !== i))}
              >
                {t('schedules.removeRange')}
              </button>
            </div>
            {(['from', 'to'] as const).map((end) => {
              const error = errors.get(`${path}.${i}.${end}`);
              return error ? (
                <p
                  key={end}
                  className="field-error"
                  id={`${id}-${i}-${end}-error`}
                  data-testid={`${id}-${i}-${end}-error`}
                >
                  {error}
                </p>
              ) : null;
            })}
          </div>
        ))}
        {dayError && (
          <p className="field-error" data-testid={`${id}-error`}>
            {dayError}
          </p>
        )}
      </div>
      <button
        type="button"
        aria-label={t('schedules.addRangeTo', { what: label })}
        onClick={() => {
          const last = ranges.at(-1);
          onChange([...ranges, { from: last?.to ?? '', to: '' }]);
          const n = ranges.length;
          requestAnimationFrame(() =>
            list.current
              ?.querySelector<HTMLInputElement>(`#${id}-${n}-${last ? 'to' : 'from'}`)
              ?.focus(),
          );
        }}
      >
        {t('schedules.addRange')}
      </button>
    </div>
  );
}
