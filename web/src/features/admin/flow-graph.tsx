// The graph view of a flow: a hand-drawn SVG of its nodes in layers from the
// start, arrows labelled with the key or condition that takes each exit, the
// nodes with problems in red with their count; a click shows the node's JSON.
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { NODE_HEIGHT, NODE_WIDTH, edgePath, layoutFlow } from './flow-layout.ts';
import type { FlowNode } from './flow-nodes.ts';

/** Ids longer than this are cut short in the box (the full id is in its tooltip). */
const MAX_ID = 20;

export function FlowGraph(props: {
  start: string | undefined;
  nodes: readonly FlowNode[];
  /** How many problems each node has (nodes left out have none). */
  problems: ReadonlyMap<string, number>;
  onSelect: (id: string) => void;
}) {
  const { t } = useI18n();
  const { start, nodes, problems, onSelect } = props;
  const layout = useMemo(() => layoutFlow(start, nodes), [start, nodes]);
  // One arrow per pair of nodes, carrying every exit between them (`2, invalid, noInput`).
  const edges = useMemo(() => {
    const pairs = new Map<string, { from: string; to: string; labels: string[] }>();
    for (const node of nodes)
      for (const exit of node.exits) {
        const key = `${node.id}\u0000${exit.target}`;
        const pair = pairs.get(key) ?? { from: node.id, to: exit.target, labels: [] };
        if (exit.label) pair.labels.push(exit.label);
        pairs.set(key, pair);
      }
    return [...pairs.values()];
  }, [nodes]);
  // A node's arrows down leave its bottom side by side, in the order of their targets.
  const spread = useMemo(() => {
    const at = new Map<string, number>();
    const down = new Map<string, { key: string; x: number }[]>();
    for (const { from, to } of edges) {
      const a = layout.nodes.get(from);
      const b = layout.nodes.get(to);
      if (!a || !b || b.y <= a.y) continue;
      down.set(from, [...(down.get(from) ?? []), { key: `${from}>${to}`, x: b.x }]);
    }
    for (const list of down.values())
      list
        .sort((p, q) => p.x - q.x)
        .forEach(({ key }, i) =>
          at.set(key, list.length > 1 ? (2 * i) / (list.length - 1) - 1 : 0),
        );
    return at;
  }, [edges, layout]);

  if (nodes.length === 0) return <p className="muted">{t('flow.graphEmpty')}</p>;
  return (
    <svg
      className="flow-graph-svg"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="group"
      aria-label={t('flow.graph')}
    >
      <defs>
        <marker
          id="flow-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" className="graph-arrowhead" />
        </marker>
      </defs>
      {layout.unreachableY !== null && (
        <text x={16} y={layout.unreachableY} className="graph-unreachable-title">
          {t('flow.unreachable')}
        </text>
      )}
      <g className="graph-edges">
        {edges.map(({ from, to, labels }) => {
          const a = layout.nodes.get(from);
          const b = layout.nodes.get(to);
          if (!a || !b) return null;
          const path = edgePath(a, b, layout.width, spread.get(`${from}>${to}`));
          const label = labels.join(', ');
          return (
            <g key={`${from}>${to}`} className="graph-edge" data-from={from} data-to={to}>
              <path d={path.d} markerEnd="url(#flow-arrow)" />
              {label && (
                <g className="graph-edge-label">
                  <rect
                    x={path.labelX - label.length * 3.3 - 4}
                    y={path.labelY - 8}
                    width={label.length * 6.6 + 8}
                    height={16}
                    rx={3}
                  />
                  <text x={path.labelX} y={path.labelY + 4} textAnchor="middle">
                    {label}
                  </text>
                </g>
              )}
            </g>
          );
        })}
      </g>
      <g className="graph-nodes">
        {nodes.map((node) => {
          const at = layout.nodes.get(node.id);
          if (!at) return null;
          const count = problems.get(node.id) ?? 0;
          const classes = ['graph-node'];
          if (count > 0) classes.push('graph-node-bad');
          if (!at.reachable) classes.push('graph-node-unreachable');
          if (node.id === start) classes.push('graph-node-start');
          const shown = node.id.length > MAX_ID ? `${node.id.slice(0, MAX_ID - 1)}…` : node.id;
          return (
            <g
              key={node.id}
              className={classes.join(' ')}
              data-testid={`graph-node-${node.id}`}
              data-problems={count}
              data-layer={at.layer}
              transform={`translate(${at.x},${at.y})`}
              role="button"
              tabIndex={0}
              aria-label={t('flow.graphNode', { id: node.id, type: node.type })}
              onClick={() => onSelect(node.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(node.id);
                }
              }}
            >
              <title>
                {[
                  node.id,
                  node.type,
                  !at.reachable ? t('flow.unreachable') : '',
                  count > 0 ? t('flow.nodeProblems', { count }) : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </title>
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} />
              <text x={10} y={18} className="graph-node-id">
                {shown}
              </text>
              <text x={10} y={34} className="graph-node-type">
                {node.id === start ? `${node.type} · ${t('flow.start')}` : node.type}
              </text>
              {count > 0 && (
                <g className="graph-node-count" transform={`translate(${NODE_WIDTH - 14},14)`}>
                  <circle r={10} />
                  <text y={4} textAnchor="middle">
                    {count}
                  </text>
                </g>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
