// Lays a flow out for the graph view: nodes in layers by their distance from
// the start (breadth first, so loops back need no special case), each layer
// spread evenly across the width, nodes no path reaches in a last row.
import type { FlowNode } from './flow-nodes.ts';

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 44;
const GAP_X = 20;
/** Room between layers for the arrows and their labels. */
const GAP_Y = 44;
const MARGIN = 16;
/** Extra room above the unreachable row for its heading. */
const UNREACHABLE_GAP = 28;
/** Room on each side for the arrows that loop back up the side of the graph. */
const LOOP_ROOM = 64;

export interface PlacedNode {
  id: string;
  /** The distance from the start; the unreachable row has the number after the last layer. */
  layer: number;
  reachable: boolean;
  /** Top left corner. */
  x: number;
  y: number;
}

export interface FlowLayout {
  /** Reachable nodes by distance from the start, each layer in drawing order. */
  layers: string[][];
  /** Nodes no path from the start reaches, in document order. */
  unreachable: string[];
  nodes: Map<string, PlacedNode>;
  width: number;
  height: number;
  /** Where the unreachable row's heading goes, when there is such a row. */
  unreachableY: number | null;
}

/** The layers by breadth-first distance from `start` (shortest path), then the unreachable. */
export function flowLayers(
  start: string | undefined,
  nodes: readonly FlowNode[],
): { layers: string[][]; unreachable: string[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const layers: string[][] = [];
  const seen = new Set<string>();
  let frontier = start !== undefined && byId.has(start) ? [start] : [];
  frontier.forEach((id) => seen.add(id));
  while (frontier.length > 0) {
    layers.push(frontier);
    const next: string[] = [];
    for (const id of frontier)
      for (const to of byId.get(id)?.next ?? [])
        if (!seen.has(to)) {
          seen.add(to);
          next.push(to);
        }
    frontier = next;
  }
  return { layers, unreachable: nodes.map((n) => n.id).filter((id) => !seen.has(id)) };
}

/**
 * Places each node: layer by layer, a node goes under the mean of its parents already placed
 * (one barycentre pass, which keeps most arrows short and uncrossed), then the layer is spread
 * evenly across the widest layer's width.
 */
export function layoutFlow(start: string | undefined, nodes: readonly FlowNode[]): FlowLayout {
  const { layers, unreachable } = flowLayers(start, nodes);
  const rows = unreachable.length > 0 ? [...layers, unreachable] : layers;
  const widest = Math.max(1, ...rows.map((row) => row.length));
  const inner = widest * NODE_WIDTH + (widest - 1) * GAP_X;
  const left = MARGIN + LOOP_ROOM;
  const width = left * 2 + inner;
  const parents = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const to of n.next) parents.get(to)?.push(n.id);

  const placed = new Map<string, PlacedNode>();
  const ordered: string[][] = [];
  let y = MARGIN;
  let unreachableY: number | null = null;
  rows.forEach((row, layer) => {
    const reachable = layer < layers.length;
    if (!reachable) {
      unreachableY = y + 4;
      y += UNREACHABLE_GAP;
    }
    const centre = (id: string): number => {
      const xs = (parents.get(id) ?? []).flatMap((p) => {
        const at = placed.get(p);
        return at ? [at.x] : [];
      });
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.POSITIVE_INFINITY;
    };
    // Sorting is stable: nodes with no placed parent keep their breadth-first order.
    const row2 = reachable && layer > 0 ? [...row].sort((a, b) => centre(a) - centre(b)) : row;
    const slot = (inner + GAP_X) / row2.length;
    row2.forEach((id, i) => {
      placed.set(id, {
        id,
        layer,
        reachable,
        x: Math.round(left - GAP_X / 2 + slot * (i + 0.5) - NODE_WIDTH / 2),
        y,
      });
    });
    ordered.push(row2);
    y += NODE_HEIGHT + GAP_Y;
  });
  return {
    layers: ordered.slice(0, layers.length),
    unreachable: unreachable.length ? ordered[ordered.length - 1]! : [],
    nodes: placed,
    width,
    height: Math.max(y - GAP_Y + MARGIN, NODE_HEIGHT + MARGIN * 2),
    unreachableY,
  };
}

/**
 * An arrow from one placed node to another, as an SVG path with the point for its label.
 * A forward arrow leaves the bottom (at `spread`, -1 to 1 across it, so a menu's exits fan out)
 * and enters the top. An arrow one layer up leaves the top and enters the bottom; one further
 * up, or within a layer, bows out along the nearer side of the drawing (`width`) so it does not
 * cross the nodes between.
 */
export function edgePath(
  from: PlacedNode,
  to: PlacedNode,
  width: number,
  spread = 0,
): { d: string; labelX: number; labelY: number } {
  const p = (x: number, y: number) => `${Math.round(x)},${Math.round(y)}`;
  const middle = (n: PlacedNode) => n.x + NODE_WIDTH / 2;
  const fan = spread * (NODE_WIDTH / 2 - 12);
  let points: [number, number][];
  // Where along the curve the label sits: nearer the target on forward arrows, where they are
  // further apart than at a source they leave together.
  let at = 0.5;
  if (to.y > from.y) {
    const y0 = from.y + NODE_HEIGHT;
    const bend = Math.min(GAP_Y, (to.y - y0) / 2);
    points = [
      [middle(from) + fan, y0],
      [middle(from) + fan, y0 + bend],
      [middle(to), to.y - bend],
      [middle(to), to.y],
    ];
    at = 0.6;
  } else if (to.layer === from.layer - 1) {
    const y0 = from.y;
    const y3 = to.y + NODE_HEIGHT;
    const bend = (y0 - y3) / 2;
    points = [
      [middle(from) + 20, y0],
      [middle(from) + 20, y0 - bend],
      [middle(to) + 20, y3 + bend],
      [middle(to) + 20, y3],
    ];
  } else {
    const onLeft = (middle(from) + middle(to)) / 2 < width / 2;
    const side = (n: PlacedNode) => (onLeft ? n.x : n.x + NODE_WIDTH);
    const self = from.id === to.id ? 8 : 0;
    const out = Math.min(24 + 6 * Math.abs(from.layer - to.layer), LOOP_ROOM - 8);
    const edge = onLeft
      ? Math.min(side(from), side(to)) - out
      : Math.max(side(from), side(to)) + out;
    const y0 = from.y + NODE_HEIGHT / 2 - self;
    const y3 = to.y + NODE_HEIGHT / 2 + self;
    points = [
      [side(from), y0],
      [edge, y0],
      [edge, y3],
      [side(to), y3],
    ];
  }
  const [a, b, c, d] = points as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  const bezier = (i: 0 | 1) =>
    Math.round(
      (1 - at) ** 3 * a[i] +
        3 * (1 - at) ** 2 * at * b[i] +
        3 * (1 - at) * at ** 2 * c[i] +
        at ** 3 * d[i],
    );
  return {
    d: `M${p(...a)} C${p(...b)} ${p(...c)} ${p(...d)}`,
    labelX: bezier(0),
    labelY: bezier(1),
  };
}
