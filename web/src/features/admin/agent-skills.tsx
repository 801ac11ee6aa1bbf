// The skills an agent brings, one row each (skill and level 1–5); the skills queues ask for are
// suggested.
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { NEW_SKILL_LEVEL, type AgentSkillRow } from './agent-profile-document.ts';
import { SkillRows } from './skill-rows.tsx';

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
  const { errors } = props;
  return (
    <SkillRows
      idPrefix="agent"
      legend={t('agents.skills')}
      emptyHint={t('agents.noSkillsHint')}
      rows={props.skills}
      levelField="level"
      levels={skillLevels.map((level) => ({ value: level, label: levelName(t, level) }))}
      levelLabel={(n) => t('agents.levelN', { n })}
      rowError={(i) => errors.get(`skills.${i}`)}
      groupError={errors.get('skills')}
      newRow={{ skill: '', level: NEW_SKILL_LEVEL }}
      known={props.known}
      onChange={props.onChange}
    />
  );
}
