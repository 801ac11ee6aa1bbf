// The skills an agent brings, one row each (skill and level 1–5); the skills queues ask for are
// suggested. Rows are added and removed with buttons, and a new row takes the focus so typing
// goes on from the keyboard.
import { useEffect, useRef } from 'react';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { NEW_SKILL_LEVEL, type AgentSkillRow } from './agent-profile-document.ts';

export const skillLevels = ['1', '2', '3', '4', '5'] as const;
type SkillLevel = (typeof skillLevels)[number];

/** A level in words ("4 · advanced"). */
export function levelName(t: Translate, level: number | string): string {
  return t(`agents.level.${String(level) as SkillLevel}`);
}

export function AgentSkills(props: {
  skills: AgentSkillRow[];
  /** Skill names to suggest (those the queues ask for). */
  known: readonly string[];
  errors: Map<string, string>;
  onChange: (skills: AgentSkillRow[]) => void;
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

  const set = (index: number, change: Partial<AgentSkillRow>) =>
    onChange(skills.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const groupError = errors.get('skills');

  return (
    <fieldset className="skills" aria-describedby={groupError ? 'agent-skills-error' : undefined}>
      <legend>{t('agents.skills')}</legend>
      <div ref={list}>
        {skills.length === 0 && <p className="hint">{t('agents.noSkillsHint')}</p>}
        {skills.map((s, i) => {
          const error = errors.get(`skills.${i}`);
          return (
            <div className="skill-row" key={i}>
              <div className="skill-inputs">
                <input
                  id={`agent-skill-${i}`}
                  aria-label={t('queue.skillN', { n: i + 1 })}
                  placeholder={t('queue.skillPlaceholder')}
                  list="agent-known-skills"
                  autoComplete="off"
                  value={s.skill}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `agent-skill-${i}-error` : undefined}
                  onChange={(e) => set(i, { skill: e.target.value })}
                />
                <select
                  id={`agent-skill-${i}-level`}
                  aria-label={t('agents.levelN', { n: i + 1 })}
                  value={s.level}
                  onChange={(e) => set(i, { level: e.target.value })}
                >
                  {skillLevels.map((level) => (
                    <option key={level} value={level}>
                      {levelName(t, level)}
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
                <p className="field-error" id={`agent-skill-${i}-error`}>
                  {error}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <datalist id="agent-known-skills">
        {props.known.map((skill) => (
          <option key={skill} value={skill} />
        ))}
      </datalist>
      <button
        type="button"
        onClick={() => {
          added.current = true;
          onChange([...skills, { skill: '', level: NEW_SKILL_LEVEL }]);
        }}
      >
        {t('queue.addSkill')}
      </button>
      {groupError && (
        <p className="field-error" id="agent-skills-error">
          {groupError}
        </p>
      )}
    </fieldset>
  );
}
