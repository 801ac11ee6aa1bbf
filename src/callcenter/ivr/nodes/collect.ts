// collect: digits into a variable (min/max length, terminator, pattern), with retries.
import { Type } from 'typebox';
import { Digit, NodeId, PromptList, Retries, TimeoutMs, nodeBase } from '../flow-fields.ts';
import { defineNode, exits, promptListProblems, promptReferences } from '../node-registry.ts';
import { isVarName } from '../templates.ts';
import { gather } from './gather.ts';
import { hangUpHere } from './hangup.ts';

export const CollectNode = Type.Object(
  {
    type: Type.Literal('collect'),
    ...nodeBase,
    prompt: PromptList,
    /** The variable that receives the digits. */
    var: Type.String({ minLength: 1, maxLength: 64 }),
    minDigits: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    maxDigits: Type.Integer({ minimum: 1, maximum: 64 }),
    /** A key that ends entry before maxDigits (usually `#`). */
    terminator: Type.Optional(Digit),
    /** A regular expression the whole entry must match, e.g. `^[0-9]{4}$`. */
    pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Wait for the first digit. Default 5000. */
    timeoutMs: Type.Optional(TimeoutMs),
    /** Wait for each further digit. Default 3000. */
    interDigitTimeoutMs: Type.Optional(TimeoutMs),
    retries: Type.Optional(Retries),
    invalidPrompt: Type.Optional(PromptList),
    noInputPrompt: Type.Optional(PromptList),
    bargeIn: Type.Optional(Type.Boolean()),
    next: NodeId,
    invalid: Type.Optional(NodeId),
    noInput: Type.Optional(NodeId),
  },
  { additionalProperties: false },
);

function compilePattern(pattern: string | undefined): RegExp | undefined | Error {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern);
  } catch (error) {
    return error as Error;
  }
}

export const collect = defineNode({
  type: 'collect',
  schema: CollectNode,
  references: (node) => ({
    nodes: exits({ next: node.next, invalid: node.invalid, noInput: node.noInput }),
    prompts: [
      ...promptReferences(node.prompt, 'prompt'),
      ...promptReferences(node.invalidPrompt, 'invalidPrompt'),
      ...promptReferences(node.noInputPrompt, 'noInputPrompt'),
    ],
  }),
  canEnd: (node) => node.invalid === undefined || node.noInput === undefined,
  waits: true,
  check(node) {
    const problems = [
      ...promptListProblems(node.prompt, 'prompt'),
      ...promptListProblems(node.invalidPrompt, 'invalidPrompt'),
      ...promptListProblems(node.noInputPrompt, 'noInputPrompt'),
    ];
    if (!isVarName(node.var))
      problems.push({ field: 'var', message: 'must be a variable name (letters, digits, _ . -)' });
    if ((node.minDigits ?? 1) > node.maxDigits)
      problems.push({
        field: 'minDigits',
        message: `must not exceed maxDigits (${node.maxDigits})`,
      });
    const pattern = compilePattern(node.pattern);
    if (pattern instanceof Error)
      problems.push({
        field: 'pattern',
        message: `is not a valid regular expression: ${pattern.message}`,
      });
    return problems;
  },
  async run(node, ctx) {
    const pattern = compilePattern(node.pattern);
    const minDigits = node.minDigits ?? 1;
    const got = await gather(ctx, {
      prompt: node.prompt,
      invalidPrompt: node.invalidPrompt,
      noInputPrompt: node.noInputPrompt,
      retries: node.retries ?? 2,
      bargeIn: node.bargeIn ?? true,
      read: {
        maxDigits: node.maxDigits,
        terminator: node.terminator,
        firstDigitTimeoutMs: node.timeoutMs ?? 5000,
        interDigitTimeoutMs: node.interDigitTimeoutMs ?? 3000,
      },
      accept: (digits) =>
        digits.length >= minDigits &&
        digits.length <= node.maxDigits &&
        (!(pattern instanceof RegExp) || pattern.test(digits))
          ? digits
          : undefined,
    });
    if (got.kind === 'ok') {
      ctx.setVar(node.var, got.value);
      return { next: node.next };
    }
    const exit = got.kind === 'invalid' ? node.invalid : node.noInput;
    return exit === undefined ? hangUpHere(ctx, `collect ${got.kind}`) : { next: exit };
  },
});
