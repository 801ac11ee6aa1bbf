// hangup: an optional goodbye, then the IVR hangs up the leg.
import { Type } from 'typebox';
import { PromptList, nodeBase } from '../flow-fields.ts';
import type { NodeContext, NodeResult } from '../node-context.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';

export const HangupNode = Type.Object(
  { type: Type.Literal('hangup'), ...nodeBase, prompt: Type.Optional(PromptList) },
  { additionalProperties: false },
);

/** Ends the session from the flow's side: `leg.hangup`, outcome hangup by flow. */
export function hangUpHere(ctx: NodeContext, reason: string): NodeResult {
  ctx.hangup();
  return { end: { kind: 'hangup', by: 'flow', reason } };
}

export const hangup = defineNode({
  type: 'hangup',
  schema: HangupNode,
  references: (node) => ({ prompts: promptReferences(node.prompt, 'prompt') }),
  canEnd: true,
  waits: false,
  check: (node) => promptListProblems(node.prompt, 'prompt'),
  async run(node, ctx) {
    // No barge-in: a key pressed during goodbye must not cut it short for nothing.
    if (node.prompt) await ctx.play(ctx.prompts(node.prompt), { bargeIn: false });
    return hangUpHere(ctx, 'hangup node');
  },
});
