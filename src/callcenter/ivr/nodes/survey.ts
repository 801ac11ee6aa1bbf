// survey: a post-call satisfaction score on one key.
import { Type } from 'typebox';
import { PromptList, Retries, TimeoutMs, nodeBase, type FieldProblem } from '../flow-fields.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';
import { SessionEnded } from '../node-context.ts';
import { gather } from './gather.ts';

export const SurveyNode = Type.Object(
  {
    type: Type.Literal('survey'),
    ...nodeBase,
    prompt: PromptList,
    /** Lowest and highest score, one key each. Default 1 to 5. */
    min: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
    max: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
    timeoutMs: Type.Optional(TimeoutMs),
    /** Attempts after the first. Default 1. */
    retries: Type.Optional(Retries),
    invalidPrompt: Type.Optional(PromptList),
    /** Played after a score. */
    thanksPrompt: Type.Optional(PromptList),
  },
  { additionalProperties: false },
);

export const survey = defineNode({
  type: 'survey',
  schema: SurveyNode,
  references: (node) => ({
    prompts: [
      ...promptReferences(node.prompt, 'prompt'),
      ...promptReferences(node.invalidPrompt, 'invalidPrompt'),
      ...promptReferences(node.thanksPrompt, 'thanksPrompt'),
    ],
  }),
  canEnd: true,
  waits: true,
  check(node) {
    const problems: FieldProblem[] = [
      ...promptListProblems(node.prompt, 'prompt'),
      ...promptListProblems(node.invalidPrompt, 'invalidPrompt'),
      ...promptListProblems(node.thanksPrompt, 'thanksPrompt'),
    ];
    if ((node.min ?? 1) > (node.max ?? 5))
      problems.push({ field: 'min', message: 'must not exceed max' });
    return problems;
  },
  async run(node, ctx) {
    const [min, max] = [node.min ?? 1, node.max ?? 5];
    const timeoutMs = node.timeoutMs ?? 5000;
    const got = await gather(ctx, {
      prompt: node.prompt,
      invalidPrompt: node.invalidPrompt,
      retries: node.retries ?? 1,
      bargeIn: true,
      read: { maxDigits: 1, firstDigitTimeoutMs: timeoutMs, interDigitTimeoutMs: timeoutMs },
      accept: (digits) => {
        const n = /^[0-9]$/.test(digits) ? Number(digits) : NaN;
        return n >= min && n <= max ? n : undefined;
      },
    });
    if (got.kind !== 'ok') return { end: { kind: 'survey', score: null } };
    try {
      if (node.thanksPrompt) await ctx.play(ctx.prompts(node.thanksPrompt), { bargeIn: false });
    } catch (error) {
      // Hanging up during the thanks is normal; the score was given and counts.
      if (!(error instanceof SessionEnded)) throw error;
    }
    return { end: { kind: 'survey', score: got.value } };
  },
});
