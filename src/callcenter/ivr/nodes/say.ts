// say: speaks a value (digits, number, amount, date, time, flight number) by the say rules.
import { Type } from 'typebox';
import { NodeId, PromptList, nodeBase } from '../flow-fields.ts';
import { SAY_KINDS } from '../../prompts/index.ts';
import { defineNode, exits, promptListProblems, promptReferences } from '../node-registry.ts';
import { isHotlineError } from '../../../platform/index.ts';

export const SayNode = Type.Object(
  {
    type: Type.Literal('say'),
    ...nodeBase,
    kind: Type.Enum([...SAY_KINDS]),
    /** The value; a template such as `{{vars.departureTime}}`. */
    value: Type.String({ minLength: 1, maxLength: 200 }),
    /** Spoken before and after the value in the same play (one barge-in for the sentence). */
    before: Type.Optional(PromptList),
    after: Type.Optional(PromptList),
    bargeIn: Type.Optional(Type.Boolean()),
    next: NodeId,
    /** Where to go when the value cannot be spoken; absent: on to `next` without speaking. */
    invalid: Type.Optional(NodeId),
  },
  { additionalProperties: false },
);

export const say = defineNode({
  type: 'say',
  schema: SayNode,
  references: (node) => ({
    nodes: exits({ next: node.next, invalid: node.invalid }),
    prompts: [...promptReferences(node.before, 'before'), ...promptReferences(node.after, 'after')],
  }),
  canEnd: false,
  waits: true,
  check: (node) => [
    ...promptListProblems(node.before, 'before'),
    ...promptListProblems(node.after, 'after'),
  ],
  async run(node, ctx) {
    const value = ctx.render(node.value);
    let spoken;
    try {
      spoken = ctx.say(node.kind, value);
    } catch (error) {
      if (!isHotlineError(error)) throw error;
      ctx.report({ type: 'say-failed', kind: node.kind, value, message: error.message });
      return { next: node.invalid ?? node.next };
    }
    const prompts = [
      ...ctx.prompts(node.before ?? []),
      ...spoken,
      ...ctx.prompts(node.after ?? []),
    ];
    await ctx.play(prompts, { bargeIn: node.bargeIn ?? true });
    return { next: node.next };
  },
});
