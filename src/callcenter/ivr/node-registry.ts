// A node type is a small registered unit (as jambonz's tasks are): its schema, the names it
// references, its exits, and how it runs. The validator and the interpreter only see this.
import type { Static, TSchema } from 'typebox';
import { promptSpecProblems, type FieldProblem, type PromptSpec } from './flow-fields.ts';
import type { NodeContext, NodeResult } from './node-context.ts';

/** A reference from a node field to a name: `{ field: 'options.1', name: 'flights' }`. */
export interface Reference {
  field: string;
  name: string;
}

export interface NodeReferences {
  /** Exits: the nodes this node may go to. */
  nodes: Reference[];
  prompts: Reference[];
  queues: Reference[];
  flows: Reference[];
  lookups: Reference[];
  /** Named schedules (opening hours kept apart from the flow). */
  schedules: Reference[];
}

export interface NodeType<N extends { type: string } = { type: string }> {
  readonly type: string;
  readonly schema: TSchema;
  references(node: N): NodeReferences;
  /** Whether a visit may end the session here (terminal types; an optional exit left out). */
  canEnd(node: N): boolean;
  /** Whether a visit takes the caller's or the clock's time, so a loop through it cannot spin. */
  waits(node: N): boolean;
  /** Problems the schema cannot see (a regex that does not compile, min above max); fields relative to the node. */
  check(node: N): FieldProblem[];
  /** Runs one visit; rejects with SessionEnded when the session ends meanwhile. */
  run(node: N, ctx: NodeContext): Promise<NodeResult>;
}

/** What a node file writes; `defineNode` fills in the defaults. */
type NodeDefinition<N> = {
  type: string;
  schema: TSchema;
  references: (node: N) => Partial<NodeReferences>;
  canEnd: boolean | ((node: N) => boolean);
  waits: boolean | ((node: N) => boolean);
  check?: (node: N) => FieldProblem[];
  run: (node: N, ctx: NodeContext) => Promise<NodeResult>;
};

/** Defines a node type from its schema; `Static<S>` types the node in every hook. */
export function defineNode<S extends TSchema>(
  def: { schema: S } & Omit<NodeDefinition<Static<S> & { type: string }>, 'schema'>,
): NodeType<Static<S> & { type: string }> {
  const { canEnd, waits } = def;
  return {
    type: def.type,
    schema: def.schema,
    references: (node) => ({
      nodes: [],
      prompts: [],
      queues: [],
      flows: [],
      lookups: [],
      schedules: [],
      ...def.references(node),
    }),
    canEnd: typeof canEnd === 'function' ? canEnd : () => canEnd,
    waits: typeof waits === 'function' ? waits : () => waits,
    check: def.check ?? (() => []),
    run: def.run,
  };
}

/** Exits as references, skipping the optional ones left out. */
export function exits(fields: Record<string, string | undefined>): Reference[] {
  return Object.entries(fields).flatMap(([field, name]) =>
    name === undefined ? [] : [{ field, name }],
  );
}

/** The catalogue prompts a prompt list names. */
export function promptReferences(
  list: readonly PromptSpec[] | undefined,
  field: string,
): Reference[] {
  return (list ?? []).flatMap((spec, i) =>
    spec.prompt === undefined ? [] : [{ field: `${field}.${i}.prompt`, name: spec.prompt }],
  );
}

/** PromptSpec problems over a prompt list (exactly one kind per item). */
export function promptListProblems(
  list: readonly PromptSpec[] | undefined,
  field: string,
): FieldProblem[] {
  return (list ?? []).flatMap((spec, i) => promptSpecProblems(spec, `${field}.${i}`));
}
