// menu: a prompt, one key per option, with a timeout, retries, and invalid / no-input handling.
import { Type } from 'typebox';
import {
  DIGIT_MAP,
  DigitKey,
  NodeId,
  PromptList,
  Retries,
  TimeoutMs,
  nodeBase,
} from '../flow-fields.ts';
import { defineNode, exits, promptListProblems, promptReferences } from '../node-registry.ts';
import { gather } from './gather.ts';
import { hangUpHere } from './hangup.ts';

export const MenuNode = Type.Object(
  {
    type: Type.Literal('menu'),
    ...nodeBase,
    prompt: PromptList,
    /** Key → node: `{ "1": "flights" }`. */
    options: Type.Record(DigitKey, NodeId, DIGIT_MAP),
    /** How long to wait for a key after the prompt. Default 5000. */
    timeoutMs: Type.Optional(TimeoutMs),
    /** Attempts after the first. Default 2. */
    retries: Type.Optional(Retries),
    invalidPrompt: Type.Optional(PromptList),
    noInputPrompt: Type.Optional(PromptList),
    /** Where to go when retries run out on a wrong key; absent: the flow hangs up. */
    invalid: Type.Optional(NodeId),
    /** Where to go when retries run out with no key; absent: the flow hangs up. */
    noInput: Type.Optional(NodeId),
    /** Whether a key stops the prompt. Default true. */
    bargeIn: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const menu = defineNode({
  type: 'menu',
  schema: MenuNode,
  references: (node) => ({
    nodes: [
      ...Object.entries(node.options).map(([key, name]) => ({ field: `options.${key}`, name })),
      ...exits({ invalid: node.invalid, noInput: node.noInput }),
    ],
    prompts: [
      ...promptReferences(node.prompt, 'prompt'),
      ...promptReferences(node.invalidPrompt, 'invalidPrompt'),
      ...promptReferences(node.noInputPrompt, 'noInputPrompt'),
    ],
  }),
  canEnd: (node) => node.invalid === undefined || node.noInput === undefined,
  waits: true,
  check: (node) => [
    ...promptListProblems(node.prompt, 'prompt'),
    ...promptListProblems(node.invalidPrompt, 'invalidPrompt'),
    ...promptListProblems(node.noInputPrompt, 'noInputPrompt'),
  ],
  async run(node, ctx) {
    const timeoutMs = node.timeoutMs ?? 5000;
    const got = await gather(ctx, {
      prompt: node.prompt,
      invalidPrompt: node.invalidPrompt,
      noInputPrompt: node.noInputPrompt,
      retries: node.retries ?? 2,
      bargeIn: node.bargeIn ?? true,
      read: { maxDigits: 1, firstDigitTimeoutMs: timeoutMs, interDigitTimeoutMs: timeoutMs },
      accept: (digits) => node.options[digits],
    });
    if (got.kind === 'ok') return { next: got.value };
    const exit = got.kind === 'invalid' ? node.invalid : node.noInput;
    return exit === undefined ? hangUpHere(ctx, `menu ${got.kind}`) : { next: exit };
  },
});
