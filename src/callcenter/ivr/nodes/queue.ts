// queue: hand the caller to an ACD queue, with priority and skills (from variables if need be).
import { Type } from 'typebox';
import { CatalogueName, PromptList, nodeBase, type FieldProblem } from '../flow-fields.ts';
import type { SkillRequirement } from '../ivr-outcome.ts';
import type { NodeContext } from '../node-context.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';

/** The highest skill level an agent can have; a higher minimum would match nobody. */
const MAX_LEVEL = 5;

const IntOrTemplate = (min: number, max: number) =>
  Type.Union([Type.Integer({ minimum: min, maximum: max }), Type.String({ pattern: '\\{\\{' })], {
    errorMessage: `expected an integer from ${min} to ${max} or a template such as {{vars.priority}}`,
  });

export const QueueNode = Type.Object(
  {
    type: Type.Literal('queue'),
    ...nodeBase,
    queue: CatalogueName,
    /** 0 (default) to 100, higher is served first. */
    priority: Type.Optional(IntOrTemplate(0, 100)),
    skills: Type.Optional(
      Type.Array(
        Type.Object(
          {
            /** A skill name or a template (`{{vars.skill}}`). */
            skill: Type.String({ minLength: 1, maxLength: 64 }),
            /** 1 (default) to 5: agents' proficiency levels run 1–5 (the ACD's MAX_SKILL_LEVEL). */
            minLevel: Type.Optional(IntOrTemplate(1, MAX_LEVEL)),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
    /** Played before the hand-over (e.g. please-hold). */
    prompt: Type.Optional(PromptList),
  },
  { additionalProperties: false },
);

/** A number from a template, clamped to its range; what does not parse gives the default. */
function resolveInt(
  value: number | string | undefined,
  min: number,
  max: number,
  fallback: number,
  ctx: NodeContext,
) {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number.parseInt(ctx.render(value), 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

export const queue = defineNode({
  type: 'queue',
  schema: QueueNode,
  references: (node) => ({
    queues: [{ field: 'queue', name: node.queue }],
    prompts: promptReferences(node.prompt, 'prompt'),
  }),
  canEnd: true,
  waits: false,
  check: (node): FieldProblem[] => promptListProblems(node.prompt, 'prompt'),
  async run(node, ctx) {
    if (node.prompt) await ctx.play(ctx.prompts(node.prompt), { bargeIn: false });
    const skills: SkillRequirement[] = (node.skills ?? [])
      .map((s) => ({
        skill: ctx.render(s.skill).trim(),
        minLevel: resolveInt(s.minLevel, 1, MAX_LEVEL, 1, ctx),
      }))
      .filter((s) => s.skill !== '');
    return {
      end: {
        kind: 'queue',
        queue: node.queue,
        priority: resolveInt(node.priority, 0, 100, 0, ctx),
        skills,
      },
    };
  },
});
