// set: assign variables (string values are templates).
import { Type } from 'typebox';
import { NodeId, nodeBase } from '../flow-fields.ts';
import { defineNode } from '../node-registry.ts';
import { isVarName } from '../templates.ts';

export const SetNode = Type.Object(
  {
    type: Type.Literal('set'),
    ...nodeBase,
    vars: Type.Record(
      Type.String(),
      Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()], {
        errorMessage: 'expected a string, number or boolean',
      }),
      { minProperties: 1 },
    ),
    next: NodeId,
  },
  { additionalProperties: false },
);

export const set = defineNode({
  type: 'set',
  schema: SetNode,
  references: (node) => ({ nodes: [{ field: 'next', name: node.next }] }),
  canEnd: false,
  waits: false,
  check: (node) =>
    Object.keys(node.vars)
      .filter((name) => !isVarName(name))
      .map((name) => ({
        field: `vars.${name}`,
        message: 'is not a variable name (letters, digits, _ . -)',
      })),
  async run(node, ctx) {
    for (const [name, value] of Object.entries(node.vars))
      ctx.setVar(name, typeof value === 'string' ? ctx.render(value) : value);
    return { next: node.next };
  },
});
