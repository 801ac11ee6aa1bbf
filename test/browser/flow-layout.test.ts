// The flow graph's reading and layering (web/src/features/admin/flow-nodes.ts and
// flow-layout.ts) as pure functions: exits with their labels, only real exit
// fields count, layers by distance from the start, the unreachable in a last row.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  edgePath,
  flowLayers,
  layoutFlow,
} from '../../web/src/features/admin/flow-layout.ts';
import { flowNodes } from '../../web/src/features/admin/flow-nodes.ts';

const demo = JSON.parse(
  readFileSync(
    new URL('../../src/callcenter/ivr/flows/demo-hotline.json', import.meta.url),
    'utf8',
  ),
) as { start: string; nodes: Record<string, unknown> };

describe('the flow graph’s layout', () => {
  it('reads each exit with its label, and only the fields that name a node', () => {
    const { start, nodes } = flowNodes(demo);
    assert.equal(start, 'init');
    assert.equal(nodes.length, Object.keys(demo.nodes).length);
    const node = (id: string) => nodes.find((n) => n.id === id)!;
    assert.deepEqual(
      node('hours').exits.map((e) => [e.label, e.target]),
      [
        ['open', 'main-menu'],
        ['closed', 'after-hours'],
      ],
    );
    assert.deepEqual(
      node('flights-menu').exits.map((e) => [e.field, e.label, e.target]),
      [
        ['options.1', '1', 'flight-number'],
        ['options.2', '2', 'flights-booking'],
        ['options.*', '*', 'main-menu'],
        ['invalid', 'invalid', 'flights-booking'],
        ['noInput', 'noInput', 'flights-booking'],
      ],
    );
    assert.deepEqual(node('flights-menu').next, ['flight-number', 'flights-booking', 'main-menu']);
    assert.deepEqual(
      node('flight-found').exits.map((e) => [e.label, e.target]),
      [
        ['rule 1', 'flight-status'],
        ['otherwise', 'flight-not-found'],
      ],
    );
    assert.deepEqual(node('welcome').exits, [
      { target: 'choose-language', field: 'next', label: '' },
    ]);
    // The queue "general" is not the node "general"; a language key is not a node either.
    assert.deepEqual(node('callback').next, []);
    assert.deepEqual(node('after-hours').next, []);
    assert.deepEqual(node('choose-language').next, ['hours']);
  });

  it('puts each node in the layer of its shortest distance from the start', () => {
    const { start, nodes } = flowNodes(demo);
    const { layers, unreachable } = flowLayers(start, nodes);
    assert.deepEqual(layers.slice(0, 5), [
      ['init'],
      ['welcome'],
      ['choose-language'],
      ['hours'],
      ['main-menu', 'after-hours'],
    ]);
    // main-menu's keys in the document's order (JavaScript lists integer keys in numeric order).
    assert.deepEqual(layers[5], [
      'general',
      'flights-menu',
      'hotels',
      'travel',
      'complaints',
      'callback',
      'goodbye',
    ]);
    // flight-not-found loops back to flight-number (layer 6): the loop does not move it.
    const layerOf = (id: string) => layers.findIndex((l) => l.includes(id));
    assert.equal(layerOf('flight-number'), 6);
    assert.equal(layerOf('flight-not-found'), 10);
    assert.deepEqual(unreachable, []);
    assert.equal(layers.flat().length, nodes.length);
  });

  it('lays the unreachable in a last row and spreads every layer over the width', () => {
    const doc = structuredClone(demo);
    doc.nodes.orphan = { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'goodbye' };
    doc.nodes.island = { type: 'hangup' };
    const { start, nodes } = flowNodes(doc);
    const layout = layoutFlow(start, nodes);
    assert.deepEqual(layout.unreachable, ['orphan', 'island']);
    const orphan = layout.nodes.get('orphan')!;
    assert.equal(orphan.reachable, false);
    assert.equal(orphan.layer, layout.layers.length);
    assert.ok(layout.unreachableY !== null && layout.unreachableY < orphan.y);
    for (const n of layout.nodes.values())
      if (n.reachable) assert.ok(n.y < orphan.y, `${n.id} above the unreachable row`);
    assert.equal(layout.nodes.size, nodes.length);
    // Every node inside the drawing, none overlapping another in its row.
    for (const row of [...layout.layers, layout.unreachable]) {
      const xs = row.map((id) => layout.nodes.get(id)!.x).sort((a, b) => a - b);
      xs.forEach((x, i) => i > 0 && assert.ok(x - xs[i - 1]! >= NODE_WIDTH, 'no overlap'));
      assert.ok(xs[0]! >= 0 && xs[xs.length - 1]! + NODE_WIDTH <= layout.width);
    }
    assert.ok(orphan.y + NODE_HEIGHT <= layout.height);
    // A single node in a layer sits in the middle of the widest layer.
    const init = layout.nodes.get('init')!;
    const goodbye = layout.nodes.get('goodbye')!;
    const widest = layout.layers.find((l) => l.length === 7)!;
    const first = layout.nodes.get(widest[0]!)!.x;
    const last = layout.nodes.get(widest[6]!)!.x;
    assert.equal(init.x, Math.round((first + last) / 2));
    assert.ok(goodbye.reachable);
  });

  it('lays out a flow with no start or no nodes without failing', () => {
    const nodes = flowNodes({ start: 'missing', nodes: { a: { type: 'hangup' } } }).nodes;
    const layout = layoutFlow('missing', nodes);
    assert.deepEqual(layout.layers, []);
    assert.deepEqual(layout.unreachable, ['a']);
    assert.equal(layoutFlow(undefined, []).nodes.size, 0);
  });

  it('draws arrows down from the bottom, one layer up from the top, longer loops along a side', () => {
    const { start, nodes } = flowNodes(demo);
    const layout = layoutFlow(start, nodes);
    const at = (id: string) => layout.nodes.get(id)!;
    const numbers = (d: string) => [...d.matchAll(/-?\d+/g)].map(Number);
    const down = numbers(edgePath(at('init'), at('welcome'), layout.width).d);
    assert.deepEqual(
      [down[0], down[1], down[6], down[7]],
      [
        at('init').x + NODE_WIDTH / 2,
        at('init').y + NODE_HEIGHT,
        at('welcome').x + NODE_WIDTH / 2,
        at('welcome').y,
      ],
    );
    // A fanned-out exit leaves the bottom off centre.
    assert.ok(
      numbers(edgePath(at('main-menu'), at('general'), layout.width, -1).d)[0]! <
        at('main-menu').x + NODE_WIDTH / 2,
    );
    // The menu's "*" back to main-menu, one layer up: from the top into the bottom.
    const up = numbers(edgePath(at('flights-menu'), at('main-menu'), layout.width).d);
    assert.deepEqual([up[1], up[7]], [at('flights-menu').y, at('main-menu').y + NODE_HEIGHT]);
    // flight-not-found back to flight-number, four layers up: both bends beyond the nodes' sides.
    const back = numbers(edgePath(at('flight-not-found'), at('flight-number'), layout.width).d);
    const bends = [back[2]!, back[4]!];
    const lefts = [at('flight-not-found').x, at('flight-number').x];
    const outside =
      bends.every((x) => x < Math.min(...lefts)) ||
      bends.every((x) => x > Math.max(...lefts) + NODE_WIDTH);
    assert.ok(outside, `bends ${bends.join(',')} beside ${lefts.join(',')}`);
    assert.ok(bends.every((x) => x >= 0 && x <= layout.width));
  });
});
