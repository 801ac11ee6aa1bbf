// Reads the nodes of a flow document for the editor's node list: each node's
// type and the nodes it can go to (any string naming another node).
export interface FlowNode {
  id: string;
  type: string;
  next: string[];
}

export function flowNodes(document: unknown): { start: string | undefined; nodes: FlowNode[] } {
  if (typeof document !== 'object' || document === null) return { start: undefined, nodes: [] };
  const doc = document as { start?: unknown; nodes?: unknown };
  const raw =
    typeof doc.nodes === 'object' && doc.nodes !== null
      ? (doc.nodes as Record<string, unknown>)
      : {};
  const ids = new Set(Object.keys(raw));
  const targets = (value: unknown, out: Set<string>): Set<string> => {
    if (typeof value === 'string' && ids.has(value)) out.add(value);
    else if (Array.isArray(value)) value.forEach((v) => targets(v, out));
    else if (typeof value === 'object' && value !== null)
      Object.entries(value).forEach(([k, v]) => k !== 'type' && targets(v, out));
    return out;
  };
  return {
    start: typeof doc.start === 'string' ? doc.start : undefined,
    nodes: Object.entries(raw).map(([id, node]) => ({
      id,
      type:
        typeof node === 'object' &&
        node !== null &&
        typeof (node as { type?: unknown }).type === 'string'
          ? (node as { type: string }).type
          : '?',
      next: [...targets(node, new Set())].filter((target) => target !== id),
    })),
  };
}
