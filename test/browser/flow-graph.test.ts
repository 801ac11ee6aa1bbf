// The flow editor's graph and versions in Debian's Chromium against the real
// `hotline start`: the demo flow's every node is drawn, a node with a problem
// is red with its count, a click selects the node's JSON, and rolling back to
// the previous version publishes it again (the API then names that version).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

const SCREENSHOT = process.env.HOTLINE_FLOW_SCREENSHOT;

describe('the flow editor’s graph and versions in Chromium', () => {
  let h: BrowserHotline;

  before(async () => {
    h = await startBrowserHotline();
  });
  after(() => h?.dispose());

  it('draws the flow, marks the node at fault, shows a node’s JSON and rolls back', async () => {
    const page = await h.signIn('admin');
    await page.goto('/admin/flows/demo-hotline');
    const editor = page.locator('#flow-json');
    await editor.waitFor();
    const original = await editor.inputValue();
    const doc = JSON.parse(original) as { nodes: Record<string, Record<string, unknown>> };

    // Every node of the document is drawn once, the arrows labelled with their exits.
    const graph = page.locator('[data-testid=flow-graph]');
    await graph.locator('.graph-node').first().waitFor();
    assert.equal(await graph.locator('.graph-node').count(), Object.keys(doc.nodes).length);
    for (const id of Object.keys(doc.nodes))
      assert.equal(await graph.locator(`[data-testid="graph-node-${id}"]`).count(), 1, id);
    assert.equal(
      await graph.locator('.graph-edge[data-from=hours][data-to=main-menu]').textContent(),
      'open',
    );
    assert.equal(await graph.locator('.graph-node-unreachable').count(), 0);
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });

    // A broken schedule: the hours node turns red with its count, and only that node.
    doc.nodes.hours!.schedule = 'night-shift';
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.locator('button', { hasText: /^Validate$/ }).click();
    const hours = graph.locator('[data-testid=graph-node-hours]');
    await graph.locator('[data-testid=graph-node-hours].graph-node-bad').waitFor();
    assert.equal(await hours.getAttribute('data-problems'), '1');
    assert.equal(await hours.locator('.graph-node-count').textContent(), '1');
    assert.equal(
      await page.evaluate(
        `getComputedStyle(document.querySelector('[data-testid=graph-node-hours] rect')).stroke`,
      ),
      'rgb(185, 28, 28)',
    );
    assert.equal(await graph.locator('.graph-node-bad').count(), 1);

    // A click on a node selects its entry in the JSON text.
    await graph.locator('[data-testid="graph-node-flights-menu"]').click();
    const selected = () =>
      page.evaluate(`(() => {
        const area = document.querySelector('#flow-json');
        return {
          text: area.value.slice(area.selectionStart, area.selectionEnd),
          focused: document.activeElement === area,
        };
      })()`);
    assert.deepEqual(await selected(), { text: '"flights-menu"', focused: true });
    // And by keyboard.
    await graph.locator('[data-testid="graph-node-goodbye"]').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await selected(), { text: '"goodbye"', focused: true });

    // A node no path reaches goes to the last row, marked.
    doc.nodes.hours!.schedule = 'business-hours';
    doc.nodes.orphan = { type: 'hangup' };
    await editor.fill(JSON.stringify(doc, null, 2));
    await graph.locator('[data-testid=graph-node-orphan].graph-node-unreachable').waitFor();
    assert.match(
      (await graph.locator('.graph-unreachable-title').textContent()) ?? '',
      /Not reachable from the start/,
    );

    // Version 2 published from the editor; then back to version 1 after a confirmation.
    delete doc.nodes.orphan;
    doc.nodes.hours!.description = 'Edited before a roll back';
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.locator('button', { hasText: /^Save and publish$/ }).click();
    await page
      .locator('[data-testid=flow-outcome]', { hasText: 'Saved and published as version 2.' })
      .waitFor();
    const versions = page.locator('[data-testid=flow-versions]');
    await versions.locator('[data-testid=version-2] [data-testid=published-marker]').waitFor();
    assert.match(await versions.locator('[data-testid=version-2]').innerText(), /admin/);
    const v1 = versions.locator('[data-testid=version-1]');
    await v1.locator('button', { hasText: 'Roll back to this version' }).click();
    assert.match(await v1.locator('.confirm').innerText(), /version 1 again/);
    await v1.locator('button', { hasText: 'Yes, publish' }).click();
    await versions
      .locator('[data-testid=versions-outcome]', { hasText: 'Version 1 is published' })
      .waitFor();
    await v1.locator('[data-testid=published-marker]').waitFor();
    await versions
      .locator('[data-testid=version-2] button', { hasText: 'Publish this version' })
      .waitFor();
    // The server agrees, and the editor shows the published version again.
    const listed = (await (await page.request.get('/api/v1/ivr/flows')).json()) as {
      flows: { name: string; publishedVersion: number; latestVersion: number }[];
    };
    const demo = listed.flows.find((f) => f.name === 'demo-hotline')!;
    assert.deepEqual([demo.publishedVersion, demo.latestVersion], [1, 2]);
    await page.locator('.toolbar', { hasText: 'Version 1' }).waitFor();
    assert.equal(await editor.inputValue(), original);
  });
});
