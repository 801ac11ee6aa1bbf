// Reads the nodes of a flow document for the editor's node list and graph: each
// node's type and its exits (the node each one goes to, labelled by the key or
// condition that takes it: a menu key, `open`, `invalid`).
export interface FlowExit {
  /** The node the exit goes to. */
  target: string;
  /** The exit's field as the document writes it: `next`, `options.1`, `rules.0.next`, `open`. */
  field: string;
  /** What the graph writes on the arrow: the menu key, `rule 1`, `open`; empty for `next`. */
  label: string;
}

export interface FlowNode {
  id: string;
  type: string;
  /** The nodes it can go to, each once, in the order of its exits. */
  next: string[];
  exits: FlowExit[];
}

/**
 * The fields that name another node, as the node types declare their references
 * (src/callcenter/ivr/nodes/*.ts). Only these count: a queue, schedule or language that happens
 * to share a node's name (the demo's queue "general" and node "general") is not an exit.
 */
const EXIT_FIELDS = ['next', 'invalid', 'noInput', 'open', 'closed', 'holiday', 'fallback'];

function exitsOf(node: Record<string, unknown>, type: string): FlowExit[] {
  const found: FlowExit[] = [];
  const add = (value: unknown, field: string, label: string) => {
    if (typeof value === 'string') found.push({ target: value, field, label });
  };
  // A menu's options are keys to nodes; a language node's options are keys to languages.
  if (type === 'menu' && typeof node.options === 'object' && node.options !== null)
    for (const [key, value] of Object.entries(node.options)) add(value, `options.${key}`, key);
  if (type === 'branch' && Array.isArray(node.rules))
    node.rules.forEach((rule: unknown, i) => {
      if (typeof rule === 'object' && rule !== null)
        add((rule as { next?: unknown }).next, `rules.${i}.next`, `rule ${i + 1}`);
    });
  for (const field of EXIT_FIELDS) add(node[field], field, field === 'next' ? '' : field);
  if (type === 'branch') add(node.otherwise, 'otherwise', 'otherwise');
  return found;
}

export function flowNodes(document: unknown): { start: string | undefined; nodes: FlowNode[] } {
  if (typeof document !== 'object' || document === null) return { start: undefined, nodes: [] };
  const doc = document as { start?: unknown; nodes?: unknown };
  const raw =
    typeof doc.nodes === 'object' && doc.nodes !== null
      ? (doc.nodes as Record<string, unknown>)
      : {};
  const ids = new Set(Object.keys(raw));
  return {
    start: typeof doc.start === 'string' ? doc.start : undefined,
    nodes: Object.entries(raw).map(([id, value]) => {
      const node =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      const type = typeof node.type === 'string' ? node.type : '?';
      // An exit naming no node is the validator's to report (on this node); it draws no arrow.
      const exits = exitsOf(node, type).filter((exit) => ids.has(exit.target));
      return { id, type, next: [...new Set(exits.map((exit) => exit.target))], exits };
    }),
  };
}
