// language: set the caller's language, fixed or chosen by a key (e.g. 1 中文, 2 English).
import { Type } from 'typebox';
import {
  DIGIT_MAP,
  DigitKey,
  LanguageField,
  NodeId,
  PromptList,
  Retries,
  TimeoutMs,
  nodeBase,
  type FieldProblem,
} from '../flow-fields.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';
import { gather } from './gather.ts';

export const LanguageNode = Type.Object(
  {
    type: Type.Literal('language'),
    ...nodeBase,
    /** Set this language without asking. */
    language: Type.Optional(LanguageField),
    /** Ask: the prompt and key → language. No key or a wrong one keeps the current language. */
    prompt: Type.Optional(PromptList),
    options: Type.Optional(Type.Record(DigitKey, LanguageField, DIGIT_MAP)),
    timeoutMs: Type.Optional(TimeoutMs),
    /** Attempts after the first on a wrong key. Default 1. */
    retries: Type.Optional(Retries),
    invalidPrompt: Type.Optional(PromptList),
    bargeIn: Type.Optional(Type.Boolean()),
    next: NodeId,
  },
  { additionalProperties: false },
);

export const language = defineNode({
  type: 'language',
  schema: LanguageNode,
  references: (node) => ({
    nodes: [{ field: 'next', name: node.next }],
    prompts: [
      ...promptReferences(node.prompt, 'prompt'),
      ...promptReferences(node.invalidPrompt, 'invalidPrompt'),
    ],
  }),
  canEnd: false,
  waits: (node) => node.options !== undefined,
  check(node) {
    const problems: FieldProblem[] = [
      ...promptListProblems(node.prompt, 'prompt'),
      ...promptListProblems(node.invalidPrompt, 'invalidPrompt'),
    ];
    const asks = node.prompt !== undefined || node.options !== undefined;
    if (node.language !== undefined && asks)
      problems.push({
        field: 'language',
        message: 'give either language or prompt with options, not both',
      });
    else if (node.language === undefined && !asks)
      problems.push({
        field: 'language',
        message: 'is required unless prompt and options are given',
      });
    else if (asks && node.prompt === undefined)
      problems.push({ field: 'prompt', message: 'is required with options' });
    else if (asks && node.options === undefined)
      problems.push({ field: 'options', message: 'is required with prompt' });
    return problems;
  },
  async run(node, ctx) {
    if (node.language !== undefined) {
      ctx.setLanguage(node.language);
      return { next: node.next };
    }
    const options = node.options ?? {};
    const timeoutMs = node.timeoutMs ?? 5000;
    const got = await gather(ctx, {
      prompt: node.prompt ?? [],
      invalidPrompt: node.invalidPrompt,
      retries: node.retries ?? 1,
      bargeIn: node.bargeIn ?? true,
      read: { maxDigits: 1, firstDigitTimeoutMs: timeoutMs, interDigitTimeoutMs: timeoutMs },
      accept: (digits) => options[digits],
    });
    if (got.kind === 'ok') ctx.setLanguage(got.value);
    return { next: node.next };
  },
});
