// lookup: call a business function or webhook by name, with a timeout and a fallback exit.
import { Type } from 'typebox';
import { CatalogueName, NodeId, nodeBase, type FieldProblem } from '../flow-fields.ts';
import { defineNode } from '../node-registry.ts';
import { isVarName } from '../templates.ts';

export const LookupNode = Type.Object(
  {
    type: Type.Literal('lookup'),
    ...nodeBase,
    /** The registered lookup, e.g. `flight-status`. */
    lookup: CatalogueName,
    /** Parameters; values are templates (`{{vars.flight}}`). */
    params: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: 500 })),
    ),
    /** Past this the caller goes to `fallback`. Default 3000. */
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 30_000 })),
    /** Result fields land in `vars.<into>.<field>`; absent: `vars.<field>`. */
    into: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    next: NodeId,
    /** Where an error or a timeout goes. */
    fallback: NodeId,
  },
  { additionalProperties: false },
);

export const lookup = defineNode({
  type: 'lookup',
  schema: LookupNode,
  references: (node) => ({
    nodes: [
      { field: 'next', name: node.next },
      { field: 'fallback', name: node.fallback },
    ],
    lookups: [{ field: 'lookup', name: node.lookup }],
  }),
  canEnd: false,
  waits: true,
  check(node): FieldProblem[] {
    return node.into === undefined || isVarName(node.into)
      ? []
      : [{ field: 'into', message: 'is not a variable name (letters, digits, _ . -)' }];
  },
  async run(node, ctx) {
    const params = Object.fromEntries(
      Object.entries(node.params ?? {}).map(([key, template]) => [key, ctx.render(template)]),
    );
    const answer = await ctx.lookup(node.lookup, params, node.timeoutMs ?? 3000);
    ctx.report(
      answer.ok
        ? { type: 'lookup', lookup: node.lookup, ok: true }
        : {
            type: 'lookup',
            lookup: node.lookup,
            ok: false,
            reason: `${answer.reason}: ${answer.message}`,
          },
    );
    if (!answer.ok) return { next: node.fallback };
    const prefix = node.into === undefined ? '' : `${node.into}.`;
    for (const [key, value] of Object.entries(answer.result)) ctx.setVar(`${prefix}${key}`, value);
    return { next: node.next };
  },
});
