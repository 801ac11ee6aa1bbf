// transfer: to an extension, to an outside number through a trunk, or into another flow.
import { Type } from 'typebox';
import { CatalogueName, PromptList, nodeBase, type FieldProblem } from '../flow-fields.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';

export const TransferNode = Type.Object(
  {
    type: Type.Literal('transfer'),
    ...nodeBase,
    /** Exactly one of extension, number or flow. Extension and number may be templates. */
    extension: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** The trunk for `number`; absent: the configured default trunk. */
    trunk: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    flow: Type.Optional(CatalogueName),
    /** Played before the transfer (e.g. transferring). */
    prompt: Type.Optional(PromptList),
  },
  { additionalProperties: false },
);

export const transfer = defineNode({
  type: 'transfer',
  schema: TransferNode,
  references: (node) => ({
    flows: node.flow === undefined ? [] : [{ field: 'flow', name: node.flow }],
    prompts: promptReferences(node.prompt, 'prompt'),
  }),
  canEnd: true,
  waits: false,
  check(node) {
    const problems: FieldProblem[] = promptListProblems(node.prompt, 'prompt');
    const given = (['extension', 'number', 'flow'] as const).filter((k) => node[k] !== undefined);
    if (given.length !== 1)
      problems.push({
        field: given[1] ?? 'extension',
        message:
          given.length === 0
            ? 'give one of extension, number or flow'
            : `give only one of ${given.join(', ')}`,
      });
    if (node.trunk !== undefined && node.number === undefined)
      problems.push({ field: 'trunk', message: 'is only allowed with number' });
    return problems;
  },
  async run(node, ctx) {
    if (node.prompt) await ctx.play(ctx.prompts(node.prompt), { bargeIn: false });
    if (node.flow !== undefined) return { flow: node.flow };
    if (node.extension !== undefined)
      return {
        end: {
          kind: 'transfer',
          target: { kind: 'extension', extension: ctx.render(node.extension) },
        },
      };
    const number = ctx.render(node.number ?? '');
    return {
      end: {
        kind: 'transfer',
        target:
          node.trunk === undefined
            ? { kind: 'external', number }
            : { kind: 'external', number, trunk: node.trunk },
      },
    };
  },
});
