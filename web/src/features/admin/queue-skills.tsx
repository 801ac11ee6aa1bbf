// The skills a queue's calls need, one row each (skill and lowest level); rows are added and
// removed with buttons, and a new row takes the focus so typing goes on from the keyboard.
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { QueueFormValues } from './queue-document.ts';

type Skills = QueueFormValues['skills'];

export function QueueSkills(props: {
  skills: Skills;
  errors: Map<string, string>;
  onChange: (skills: Skills) => void;
}) {
  const { t } = useI18n();
  const { skills, errors, onChange } = props;
  const list = useRef<HTMLDivElement>(null);
  const added = useRef(false);

  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    list.current?.querySelector<HTMLInputElement>('.skill-row:last-of-type input')?.focus();
  }, [skills.length]);

  const set = (index: number, change: Partial<Skills[number]>) =>
    onChange(skills.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const groupError = errors.get('skills');

  return (
    <fieldset className="skills" aria-describedby={groupError ? 'queue-skills-error' : undefined}>
      <legend>{t('queue.skills')}</legend>
      <div ref={list}>
        {skills.length === 0 && <p className="hint">{t('queue.noSkills')}</p>}
        {skills.map((s, i) => {
          const error = [errors.get(`skills.${i}`), errors.get(`skills.${i}.skill`)]
            .concat(errors.get(`skills.${i}.minLevel`))
            .filter(Boolean)
            .join(' · ');
          return (
            <div className="skill-row" key={i}>
              <div className="skill-inputs">
                <input
                  id={`queue-skill-${i}`}
                  aria-label={t('queue.skillN', { n: i + 1 })}
                  placeholder={t('queue.skillPlaceholder')}
                  value={s.skill}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `queue-skill-${i}-error` : undefined}
                  onChange={(e) => set(i, { skill: e.target.value })}
                />
                <select
                  id={`queue-skill-${i}-level`}
                  aria-label={t('queue.minLevelN', { n: i + 1 })}
                  value={s.minLevel}
                  onChange={(e) => set(i, { minLevel: e.target.value })}
                >
                  <option value="">{t('queue.minLevelDefault')}</option>
                  {[1, 2, 3, 4, 5].map((level) => (
                    <option key={level} value={String(level)}>
                      {t('queue.minLevel', { level })}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  aria-label={t('queue.removeSkillN', { n: i + 1 })}
                  onClick={() => onChange(skills.filter((_, j) => j !== i))}
                >
                  {t('queue.removeSkill')}
                </button>
              </div>
              {error && (
                <p className="field-error" id={`queue-skill-${i}-error`}>
                  {error}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <button
        type="button"
        onClick={() => {
          added.current = true;
          onChange([...skills, { skill: '', minLevel: '' }]);
        }}
      >
        {t('queue.addSkill')}
      </button>
      {groupError && (
        <p className="field-error" id="queue-skills-error">
          {groupError}
        </p>
      )}
    </fieldset>
  );
}
