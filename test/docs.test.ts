// The README documents every setting, and its two commands are the ones the
// package really has.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configReference } from '../src/platform/index.ts';
import { repoRoot } from './support/hotline-process.ts';

const readme = readFileSync(`${repoRoot}/README.md`, 'utf8');
const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as {
  scripts: Record<string, string>;
};

describe('README', () => {
  it('documents every configuration setting with its variable and default', () => {
    for (const row of configReference()) {
      const line = readme.split('\n').find((l) => l.includes(`\`${row.env}\``));
      assert.ok(line, `README lacks ${row.env}`);
      if (row.defaultValue)
        assert.ok(
          line.includes(`\`${row.defaultValue}\``),
          `README shows another default for ${row.env}`,
        );
    }
  });

  it('holds the install-and-start and the test commands, backed by package scripts', () => {
    assert.match(readme, /^npm ci && npm start$/m);
    assert.match(readme, /^npm ci && npm test$/m);
    assert.ok(pkg.scripts.start && pkg.scripts.test);
  });
});
