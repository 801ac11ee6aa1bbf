// The skills a queue's calls need, one row each (skill and lowest level, or the default).
import { useI18n } from '../../i18n/i18n.tsx';
import type { QueueFormValues } from './queue-document.ts';
import { SkillRows } from './skill-rows.tsx';

type Skills = QueueFormValues['skills'];

export function QueueSkills(props: {
  skills: Skills;
  errors: Map<string, string>;
  onChange: (skills: Skills) => void;
}) {
  const { t } = useI18n();
  const { errors } = props;
  return (
    <SkillRows
      idPrefix="queue"
      legend={t('queue.skills')}
      emptyHint={t('queue.noSkills')}
      rows={props.skills}
      levelField="minLevel"
      levels={[
        { value: '', label: t('queue.minLevelDefault') },
        ...[1, 2, 3, 4, 5].map((level) => ({
          value: String(level),
          label: t('queue.minLevel', { level }),
        })),
      ]}
      levelLabel={(n) => t('queue.minLevelN', { n })}
      rowError={(i) =>
        [
          errors.get(`skills.${i}`),
          errors.get(`skills.${i}.skill`),
          errors.get(`skills.${i}.minLevel`),
        ]
          .filter(Boolean)
          .join(' · ') || undefined
      }
      groupError={errors.get('skills')}
      newRow={{ skill: '', minLevel: '' }}
      onChange={props.onChange}
    />
  );
}
