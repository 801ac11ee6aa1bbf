// An agent profile as the form holds it (skill rows, text inputs) and as the API takes it (a
// skill → level object). The server names a skill's complaint by the skill (`skills.vip`); the
// form shows it on that skill's row (`skills.2`), so the mapping goes both ways here.
import { ApiError } from '../../api/client.ts';
import type { AgentProfile, AgentProfileInput } from '../../api/types.ts';

export interface AgentSkillRow {
  skill: string;
  /** '1'–'5'. */
  level: string;
}

export interface AgentProfileFormValues {
  skills: AgentSkillRow[];
  /** '' for none. */
  extension: string;
  outboundCalls: boolean;
  /** '' for none. */
  team: string;
  autoAnswer: boolean;
}

/** The level a new skill row starts at: "can take these calls", not yet an expert. */
export const NEW_SKILL_LEVEL = '3';

export function agentProfileFormValues(profile?: AgentProfile): AgentProfileFormValues {
  return {
    skills: Object.entries(profile?.skills ?? {}).map(([skill, level]) => ({
      skill,
      level: String(level),
    })),
    extension: profile?.extension ?? '',
    outboundCalls: profile?.outboundCalls ?? false,
    team: profile?.team ?? '',
    autoAnswer: profile?.autoAnswer ?? false,
  };
}

/** The body to PUT; rows without a skill name are left out. */
export function agentProfileBody(values: AgentProfileFormValues): AgentProfileInput {
  const skills: Record<string, number> = {};
  for (const row of values.skills) {
    const name = row.skill.trim();
    if (name !== '') skills[name] = Number(row.level);
  }
  return {
    skills,
    extension: values.extension.trim() || null,
    outboundCalls: values.outboundCalls,
    team: values.team.trim() || null,
    autoAnswer: values.autoAnswer,
  };
}

/** Rows naming a skill another row names already (the API takes each skill once). */
export function duplicateSkillRows(values: AgentProfileFormValues): number[] {
  const seen = new Set<string>();
  const twice: number[] = [];
  values.skills.forEach((row, i) => {
    const name = row.skill.trim();
    if (name === '') return;
    if (seen.has(name)) twice.push(i);
    seen.add(name);
  });
  return twice;
}

/** The form's field paths complaints can land on. */
export function agentProfileFormPaths(values: AgentProfileFormValues): string[] {
  return [
    'agentId',
    'skills',
    ...values.skills.map((_, i) => `skills.${i}`),
    'extension',
    'outboundCalls',
    'team',
    'autoAnswer',
  ];
}

/** The server's `body.skills.<name>` as the row showing that skill (`body.skills.<index>`). */
export function skillFieldToRow(field: string, values: AgentProfileFormValues): string {
  const prefix = /^(body\.)?skills\./.exec(field)?.[0];
  if (prefix === undefined) return field;
  const name = field.slice(prefix.length);
  const row = values.skills.findIndex((r) => r.skill.trim() === name);
  return row === -1 ? field : `${prefix}${row}`;
}

/** The same failure with its fields moved onto the form's rows. */
export function onFormRows(failure: unknown, values: AgentProfileFormValues): unknown {
  if (!(failure instanceof ApiError)) return failure;
  return new ApiError(
    failure.status,
    failure.code,
    failure.message,
    failure.field === undefined ? undefined : skillFieldToRow(failure.field, values),
    failure.problems.map((p) => ({ ...p, field: skillFieldToRow(p.field, values) })),
  );
}
