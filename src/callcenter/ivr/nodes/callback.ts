// callback: keep the caller's place in a queue and call back later instead of waiting.
import { Type } from 'typebox';
import { CatalogueName, PromptList, nodeBase } from '../flow-fields.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';

export const CallbackNode = Type.Object(
  {
    type: Type.Literal('callback'),
    ...nodeBase,
    queue: CatalogueName,
    /** The number to call back; a template, default `{{caller.number}}`. */
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Played once the callback is taken (e.g. callback-confirmed). */
    prompt: Type.Optional(PromptList),
  },
  { additionalProperties: false },
);

export const callback = defineNode({
  type: 'callback',
  schema: CallbackNode,
  references: (node) => ({
    queues: [{ field: 'queue', name: node.queue }],
    prompts: promptReferences(node.prompt, 'prompt'),
  }),
  canEnd: true,
  waits: false,
  check: (node) => promptListProblems(node.prompt, 'prompt'),
  async run(node, ctx) {
    const number = ctx.render(node.number ?? '{{caller.number}}').trim();
    if (number === '') {
      // Nothing to call back (withheld caller ID): do not promise a call that cannot happen.
      ctx.hangup();
      return { end: { kind: 'hangup', by: 'flow', reason: 'callback without a number' } };
    }
    if (node.prompt) await ctx.play(ctx.prompts(node.prompt), { bargeIn: false });
    return { end: { kind: 'callback', number, queue: node.queue } };
  },
});
