// Keeps docs/api-test-matrix.md honest: every endpoint a started server
// documents has its row, no row outlives its endpoint, every cell names a test
// or says why none is needed, and every test it names exists in its file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from './support/hotline-process.ts';
import { startTestHotline, type TestHotline } from './support/test-hotline.ts';

interface Row {
  section: string;
  key: string;
  method: string;
  path: string;
  cells: string[];
}

const matrixPath = join(repoRoot, 'docs', 'api-test-matrix.md');
const ENDPOINTS = 'Endpoints';
const HIDDEN = 'Outside the OpenAPI document';
const TESTS = 'Tests';

/** The table rows of each "## " section, split into trimmed cells. */
function tables(markdown: string): Map<string, string[][]> {
  const sections = new Map<string, string[][]>();
  let section = '';
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      section = heading[1]!.trim();
      sections.set(section, []);
    } else if (line.startsWith('|') && !/^\|[-\s|]+\|$/.test(line)) {
      sections.get(section)?.push(
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim()),
      );
    }
  }
  return sections;
}

const keysIn = (cell: string) => [...cell.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!);

describe('docs/api-test-matrix.md', () => {
  let t: TestHotline;
  let documented: string[];
  const sections = tables(readFileSync(matrixPath, 'utf8'));
  const rowsOf = (section: string): Row[] =>
    (sections.get(section) ?? [])
      .filter((cells) => cells[0] !== 'Method')
      .map(([method = '', path = '', ...cells]) => ({
        section,
        key: `${method} ${path}`,
        method,
        path,
        cells,
      }));
  const rows = [...rowsOf(ENDPOINTS), ...rowsOf(HIDDEN)];
  const legend = new Map(
    (sections.get(TESTS) ?? [])
      .filter((cells) => cells[0] !== 'Key')
      .map(([key = '', file = '', name = '']) => [keysIn(key)[0] ?? key, { file, name }]),
  );

  before(async () => {
    t = await startTestHotline({ demo: true });
    const res = await t.request({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = res.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
  });
  after(() => t?.dispose());

  it('has one row for every endpoint of the OpenAPI document, and none for one that is gone', () => {
    const listed = rowsOf(ENDPOINTS).map((r) => r.key);
    const missing = documented.filter((k) => !listed.includes(k));
    assert.deepEqual(missing, [], 'add a row for each of these endpoints');
    const gone = listed.filter((k) => !documented.includes(k));
    assert.deepEqual(gone, [], 'these rows name endpoints the server no longer documents');
    const twice = listed.filter((k, i) => listed.indexOf(k) !== i);
    assert.deepEqual(twice, [], 'one row per endpoint');
  });

  it('lists routes the document hides only while the server still serves them', () => {
    const hidden = rowsOf(HIDDEN);
    assert.ok(hidden.length > 0);
    for (const row of hidden) {
      assert.ok(!documented.includes(row.key), `${row.key} is in the OpenAPI document now`);
      const url = row.path.replace(/\{([^}]+)\}/g, ':$1');
      assert.ok(t.hotline.http.hasRoute({ method: row.method, url }), `${row.key} is not served`);
    }
  });

  it('fills the four cells of every row with a test, or says why there is none', () => {
    for (const row of rows) {
      assert.equal(row.cells.length, 4, `${row.key}: four cells`);
      for (const cell of row.cells) {
        const explained = /^n\/a — \S/.test(cell);
        assert.ok(keysIn(cell).length > 0 || explained, `${row.key}: "${cell}"`);
      }
    }
  });

  it('names only tests that exist, each in the file the legend gives', () => {
    const cited = new Set(rows.flatMap((row) => row.cells.flatMap(keysIn)));
    const unknown = [...cited].filter((k) => !legend.has(k));
    assert.deepEqual(unknown, [], 'these keys are not under Tests');
    const unused = [...legend.keys()].filter((k) => !cited.has(k));
    assert.deepEqual(unused, [], 'these tests are listed but no cell names them');
    for (const [key, { file, name }] of legend) {
      const path = join(repoRoot, file);
      assert.ok(existsSync(path), `${key}: ${file} does not exist`);
      const source = readFileSync(path, 'utf8');
      assert.ok(
        [`'${name}'`, `"${name}"`, `\`${name}\``].some((quoted) => source.includes(quoted)),
        `${key}: ${file} has no test named "${name}"`,
      );
    }
  });
});
