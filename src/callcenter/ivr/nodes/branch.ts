// branch: the first rule whose tests all hold picks the next node (variables, caller data, time).
import { Type, type Static } from 'typebox';
import { DEFAULT_TIME_ZONE, WEEKDAYS, inWindow, localTime } from '../business-hours.ts';
import { NodeId, nodeBase, type FieldProblem } from '../flow-fields.ts';
import type { NodeContext } from '../node-context.ts';
import { defineNode, exits } from '../node-registry.ts';
import { TimeWindowSchema, timeZoneProblems, windowProblems } from './schedule.ts';

export const BRANCH_OPS = [
  'equals',
  'not-equals',
  'in',
  'starts-with',
  'matches',
  'empty',
  'not-empty',
  'gt',
  'gte',
  'lt',
  'lte',
] as const;
type BranchOp = (typeof BRANCH_OPS)[number];

/**
 * One test: `subject` (a template) compared by `op` with `value` (or `values` for `in`), or a
 * `time` window of the local day. One object with optional fields, checked after the schema.
 */
const Test = Type.Object(
  {
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    op: Type.Optional(Type.Enum([...BRANCH_OPS])),
    value: Type.Optional(Type.String({ maxLength: 200 })),
    values: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 100 }),
    ),
    time: Type.Optional(
      Type.Object(
        {
          ...TimeWindowSchema.properties,
          days: Type.Optional(Type.Array(Type.Enum([...WEEKDAYS]), { minItems: 1, maxItems: 7 })),
          timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type Test = Static<typeof Test>;

export const BranchNode = Type.Object(
  {
    type: Type.Literal('branch'),
    ...nodeBase,
    rules: Type.Array(
      Type.Object(
        { when: Type.Array(Test, { minItems: 1, maxItems: 20 }), next: NodeId },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    otherwise: NodeId,
  },
  { additionalProperties: false },
);

function testProblems(test: Test, field: string): FieldProblem[] {
  if (test.time !== undefined) {
    if (test.subject !== undefined || test.op !== undefined)
      return [{ field: `${field}.time`, message: 'a time test takes no subject or op' }];
    return [
      ...timeZoneProblems(test.time.timeZone, `${field}.time.timeZone`),
      ...windowProblems(test.time, `${field}.time`),
    ];
  }
  if (test.subject === undefined)
    return [{ field: `${field}.subject`, message: 'is required (or give time)' }];
  if (test.op === undefined) return [{ field: `${field}.op`, message: 'is required' }];
  const needs: Record<BranchOp, 'value' | 'values' | 'none'> = {
    equals: 'value',
    'not-equals': 'value',
    in: 'values',
    'starts-with': 'value',
    matches: 'value',
    empty: 'none',
    'not-empty': 'none',
    gt: 'value',
    gte: 'value',
    lt: 'value',
    lte: 'value',
  };
  const need = needs[test.op];
  if (need === 'value' && test.value === undefined)
    return [{ field: `${field}.value`, message: `is required with op ${test.op}` }];
  if (need === 'values' && test.values === undefined)
    return [{ field: `${field}.values`, message: `is required with op ${test.op}` }];
  if (
    ['gt', 'gte', 'lt', 'lte'].includes(test.op) &&
    !Number.isFinite(Number(test.value)) &&
    !test.value?.includes('{{')
  )
    return [{ field: `${field}.value`, message: `must be a number with op ${test.op}` }];
  if (test.op === 'matches') {
    try {
      new RegExp(test.value ?? '');
    } catch (error) {
      return [
        {
          field: `${field}.value`,
          message: `is not a valid regular expression: ${(error as Error).message}`,
        },
      ];
    }
  }
  return [];
}

function holds(test: Test, ctx: NodeContext): boolean {
  if (test.time !== undefined) {
    const local = localTime(ctx.now(), test.time.timeZone ?? DEFAULT_TIME_ZONE);
    return (
      (test.time.days === undefined || test.time.days.includes(local.weekday)) &&
      inWindow(local, test.time)
    );
  }
  const subject = ctx.render(test.subject ?? '');
  const value = ctx.render(test.value ?? '');
  switch (test.op) {
    case 'equals':
      return subject === value;
    case 'not-equals':
      return subject !== value;
    case 'in':
      return (test.values ?? []).some((v) => ctx.render(v) === subject);
    case 'starts-with':
      return subject.startsWith(value);
    case 'matches':
      return new RegExp(test.value ?? '').test(subject);
    case 'empty':
      return subject === '';
    case 'not-empty':
      return subject !== '';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      // A subject that is not a number fails every comparison rather than comparing as text.
      if (subject.trim() === '' || !Number.isFinite(Number(subject))) return false;
      const a = Number(subject);
      const b = Number(value);
      return test.op === 'gt'
        ? a > b
        : test.op === 'gte'
          ? a >= b
          : test.op === 'lt'
            ? a < b
            : a <= b;
    }
    default:
      return false;
  }
}

export const branch = defineNode({
  type: 'branch',
  schema: BranchNode,
  references: (node) => ({
    nodes: [
      ...node.rules.map((rule, i) => ({ field: `rules.${i}.next`, name: rule.next })),
      ...exits({ otherwise: node.otherwise }),
    ],
  }),
  canEnd: false,
  waits: false,
  check: (node) =>
    node.rules.flatMap((rule, i) =>
      rule.when.flatMap((test, j) => testProblems(test, `rules.${i}.when.${j}`)),
    ),
  async run(node, ctx) {
    const rule = node.rules.find((r) => r.when.every((test) => holds(test, ctx)));
    return { next: rule ? rule.next : node.otherwise };
  },
});
