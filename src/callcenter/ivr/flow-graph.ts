// The graph checks of a flow whose nodes passed their schemas: every exit and name resolves,
// every node is reachable, every node can reach an end, and no loop spins without waiting.
import type { Flow } from './flow-schema.ts';
import type { NodeReferences } from './node-registry.ts';
import { nodeType } from './node-types.ts';

export interface FlowError {
  /** The node at fault, when one is. */
  node?: string;
  /** The full path of the field: `nodes.menu1.timeoutMs`, `start`. */
  field: string;
  message: string;
}

/** Which names exist outside the flow; a flow naming anything else is refused on save. */
export interface KnownNames {
  prompts: (name: string) => boolean;
  queues: (name: string) => boolean;
  flows: (name: string) => boolean;
  lookups: (name: string) => boolean;
  /** Named schedules; left out, no schedule is known (a flow naming one is refused). */
  schedules?: (name: string) => boolean;
}

const CATALOGUES = [
  ['prompts', 'prompt'],
  ['queues', 'queue'],
  ['flows', 'flow'],
  ['lookups', 'lookup'],
  ['schedules', 'schedule'],
] as const;

export function graphErrors(flow: Flow, known: KnownNames): FlowError[] {
  const errors: FlowError[] = [];
  const ids = Object.keys(flow.nodes);
  const refs = new Map<string, NodeReferences>();
  const edges = new Map<string, string[]>();
  for (const id of ids) {
    const node = flow.nodes[id]!;
    const r = nodeType(node.type).references(node);
    refs.set(id, r);
    edges.set(
      id,
      r.nodes.filter((ref) => ref.name in flow.nodes).map((ref) => ref.name),
    );
    for (const ref of r.nodes)
      if (!Object.hasOwn(flow.nodes, ref.name))
        errors.push({
          node: id,
          field: `nodes.${id}.${ref.field}`,
          message: `no node "${ref.name}" in this flow`,
        });
    for (const [list, what] of CATALOGUES)
      for (const ref of r[list])
        if (!(known[list]?.(ref.name) ?? false))
          errors.push({
            node: id,
            field: `nodes.${id}.${ref.field}`,
            message:
              list === 'schedules'
                ? `unknown schedule "${ref.name}"; create it under Schedules first, or name another`
                : `unknown ${what} "${ref.name}"`,
          });
  }
  if (!Object.hasOwn(flow.nodes, flow.start)) {
    errors.push({ field: 'start', message: `no node "${flow.start}" in this flow` });
    return errors;
  }

  const reachable = walk([flow.start], (id) => edges.get(id) ?? []);
  for (const id of ids)
    if (!reachable.has(id))
      errors.push({
        node: id,
        field: `nodes.${id}`,
        message: `is not reachable from the start node "${flow.start}"`,
      });

  // Nodes that can reach an end: walk backwards from the nodes that may end the session.
  const into = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [from, tos] of edges) for (const to of tos) into.get(to)!.push(from);
  const ends = ids.filter((id) => nodeType(flow.nodes[id]!.type).canEnd(flow.nodes[id]!));
  const ending = walk(ends, (id) => into.get(id) ?? []);
  for (const id of ids)
    if (reachable.has(id) && !ending.has(id))
      errors.push({
        node: id,
        field: `nodes.${id}`,
        message:
          'never reaches an end (queue, transfer, voicemail, callback, survey or hangup): a loop without an exit',
      });

  for (const cycle of cycles(
    ids.filter((id) => reachable.has(id)),
    edges,
  )) {
    if (cycle.some((id) => nodeType(flow.nodes[id]!.type).waits(flow.nodes[id]!))) continue;
    errors.push({
      node: cycle[0],
      field: `nodes.${cycle[0]}`,
      message: `loop ${[...cycle, cycle[0]].join(' → ')} waits for nothing (no menu, collect, play, say or lookup in it): it would spin`,
    });
  }
  return errors;
}

function walk(from: readonly string[], next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set(from);
  const stack = [...from];
  while (stack.length > 0)
    for (const to of next(stack.pop()!))
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
  return seen;
}

/** Strongly connected components that contain a cycle (Tarjan), nodes in discovery order. */
function cycles(ids: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(component.reverse());
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return found;
}
