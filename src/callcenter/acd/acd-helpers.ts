// Small helpers of the ACD: command and error builders, hold time, input checks.
import { HotlineError } from '../../platform/index.ts';
import type { Agent, SkillRequirement } from '../agents/index.ts';
import type { AcdCommand } from './acd-commands.ts';
import type { QueueConfig } from './queue-config.ts';
import type { QueueEntry } from './queue-runtime.ts';

export function cancelOffer(
  entry: QueueEntry,
  agent: Agent,
  reason: Extract<AcdCommand, { type: 'cancel-offer' }>['reason'],
): AcdCommand {
  return {
    type: 'cancel-offer',
    callId: entry.callId,
    agentId: agent.id,
    extension: agent.extension,
    reason,
  };
}

export function closeHold(agent: Agent, now: number): void {
  const call = agent.call;
  if (call?.heldSince === undefined) return;
  call.holdMs += now - call.heldSince;
  call.heldSince = undefined;
}

export function invalid(field: string, message: string): HotlineError {
  return new HotlineError('invalid-input', `${field}: ${message}`, { field });
}

export function validSkills(skills: unknown): SkillRequirement[] {
  if (!Array.isArray(skills)) throw invalid('skills', 'expected an array of {skill, minLevel}');
  return skills.map((s: unknown, i) => {
    const r = s as Partial<SkillRequirement> | null;
    if (typeof r?.skill !== 'string' || r.skill === '')
      throw invalid(`skills.${i}.skill`, 'must be a skill name');
    if (!Number.isInteger(r.minLevel) || r.minLevel! < 1 || r.minLevel! > 5)
      throw invalid(`skills.${i}.minLevel`, 'must be an integer level from 1 to 5');
    return { skill: r.skill, minLevel: r.minLevel! };
  });
}

export function isParsed(input: unknown): input is QueueConfig {
  const c = input as Partial<QueueConfig> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    Array.isArray(c.escalation) &&
    typeof c.strategy === 'string' &&
    c.announcements !== undefined &&
    typeof c.expectedHandleSeconds === 'number'
  );
}
