// Skill rows with a level each (an agent's skills, a queue's required skills): rows are added and
// removed with buttons, and a new row takes the focus so typing goes on from the keyboard.
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

/** One choice of the level select. */
export interface LevelOption {
  value: string;
  label: string;
}

export function SkillRows<
  Level extends string,
  Row extends { skill: string } & Record<Level, string>,
>(props: {
  /** Prefixes the inputs' ids: `${idPrefix}-skill-0`, `${idPrefix}-skill-0-level`. */
  idPrefix: string;
  legend: string;
  emptyHint: string;
  rows: Row[];
  /** The row's field that holds the level, and the levels it may take. */
  levelField: Level;
  levels: readonly LevelOption[];
  levelLabel: (n: number) => string;
  /** The complaint about row `index`, if any. */
  rowError: (index: number) => string | undefined;
  /** The complaint about the rows as a whole. */
  groupError: string | undefined;
  newRow: Row;
  /** Skill names to suggest as the admin types. */
  known?: readonly string[];
  onChange: (rows: Row[]) => void;
}) {
  const { t } = useI18n();
  const { idPrefix, rows, onChange, groupError } = props;
  const list = useRef<HTMLDivElement>(null);
  const added = useRef(false);
  const knownId = `${idPrefix}-known-skills`;

  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    list.current?.querySelector<HTMLInputElement>('.skill-row:last-of-type input')?.focus();
  }, [rows.length]);

  const set = (index: number, change: Partial<Row>) =>
    onChange(rows.map((s, i) => (i === index ? { ...s, ...change } : s)));

  return (
    <fieldset
      className="skills"
      aria-describedby={groupError ? `${idPrefix}-skills-error` : undefined}
    >
      <legend>{props.legend}</legend>
      <div ref={list}>
        {rows.length === 0 && <p className="hint">{props.emptyHint}</p>}
        {rows.map((s, i) => {
          const error = props.rowError(i);
          const id = `${idPrefix}-skill-${i}`;
          return (
            <div className="skill-row" key={i}>
              <div className="skill-inputs">
                <input
                  id={id}
                  aria-label={t('queue.skillN', { n: i + 1 })}
                  placeholder={t('queue.skillPlaceholder')}
                  {...(props.known && { list: knownId, autoComplete: 'off' })}
                  value={s.skill}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  onChange={(e) => set(i, { skill: e.target.value } as Partial<Row>)}
                />
                <select
                  id={`${id}-level`}
                  aria-label={props.levelLabel(i + 1)}
                  value={s[props.levelField]}
                  onChange={(e) => set(i, { [props.levelField]: e.target.value } as Partial<Row>)}
                >
                  {props.levels.map((level) => (
                    <option key={level.value} value={level.value}>
                      {level.label}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  aria-label={t('queue.removeSkillN', { n: i + 1 })}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  {t('queue.removeSkill')}
                </button>
              </div>
              {error && (
                <p className="field-error" id={`${id}-error`}>
                  {error}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {props.known && (
        <datalist id={knownId}>
          {props.known.map((skill) => (
            <option key={skill} value={skill} />
          ))}
        </datalist>
      )}
      <button
        type="button"
        onClick={() => {
          added.current = true;
          onChange([...rows, props.newRow]);
        }}
      >
        {t('queue.addSkill')}
      </button>
      {groupError && (
        <p className="field-error" id={`${idPrefix}-skills-error`}>
          {groupError}
        </p>
      )}
    </fieldset>
  );
}
