// play: prompts, TTS text or spoken values, then on to the next node.
import { Type } from 'typebox';
import { NodeId, PromptList, nodeBase } from '../flow-fields.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';

export const PlayNode = Type.Object(
  {
    type: Type.Literal('play'),
    ...nodeBase,
    prompts: PromptList,
    /** Whether a key stops the prompt (and is kept for the next menu). Default true. */
    bargeIn: Type.Optional(Type.Boolean()),
    next: NodeId,
  },
  { additionalProperties: false },
);

export const play = defineNode({
  type: 'play',
  schema: PlayNode,
  references: (node) => ({
    nodes: [{ field: 'next', name: node.next }],
    prompts: promptReferences(node.prompts, 'prompts'),
  }),
  canEnd: false,
  waits: true,
  check: (node) => promptListProblems(node.prompts, 'prompts'),
  async run(node, ctx) {
    await ctx.play(ctx.prompts(node.prompts), { bargeIn: node.bargeIn ?? true });
    return { next: node.next };
  },
});
