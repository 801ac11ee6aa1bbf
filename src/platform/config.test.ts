import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configReference, databaseTarget, describeConfig, loadConfig } from './config.ts';
import { HotlineError } from './errors.ts';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'hotline-config-'));

function configError(fn: () => unknown): HotlineError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof HotlineError, `expected HotlineError, got ${String(error)}`);
    assert.equal(error.code, 'invalid-config');
    return error;
  }
  assert.fail('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const cwd = emptyDir();
    const { config, file } = loadConfig({ env: {}, cwd });
    assert.equal(file, undefined);
    assert.equal(config.http.port, 8080);
    assert.equal(config.sip.port, 5060);
    assert.deepEqual(config.rtp.ports, { min: 20000, max: 29999 });
    assert.equal(config.dataDir, join(cwd, 'data'));
    assert.equal(config.timezone, 'Asia/Shanghai');
    assert.deepEqual(databaseTarget(config), {
      engine: 'sqlite',
      path: join(cwd, 'data', 'hotline.db'),
    });
  });

  it('layers defaults < config file < environment', () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'hotline.config.json'),
      JSON.stringify({ http: { port: 9000, host: '127.0.0.1' }, sip: { port: '5070' } }),
    );
    const { config, file } = loadConfig({ env: { HOTLINE_HTTP_PORT: '9100' }, cwd });
    assert.equal(file, join(cwd, 'hotline.config.json'));
    assert.equal(config.http.port, 9100);
    assert.equal(config.http.host, '127.0.0.1');
    assert.equal(config.sip.port, 5070);
  });

  it('reads the file named by HOTLINE_CONFIG and refuses a missing one', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'other.json'), JSON.stringify({ log: { level: 'debug' } }));
    assert.equal(
      loadConfig({ env: { HOTLINE_CONFIG: 'other.json' }, cwd }).config.log.level,
      'debug',
    );
    const error = configError(() => loadConfig({ env: { HOTLINE_CONFIG: 'missing.json' }, cwd }));
    assert.match(error.message, /HOTLINE_CONFIG: the config file .*missing\.json does not exist/);
  });

  it('names the environment variable of a bad port', () => {
    const error = configError(() =>
      loadConfig({ env: { HOTLINE_HTTP_PORT: 'abc' }, cwd: emptyDir() }),
    );
    assert.match(error.message, /HOTLINE_HTTP_PORT: "abc" is not a port number/);
    assert.equal(error.field, 'HOTLINE_HTTP_PORT');
    configError(() => loadConfig({ env: { HOTLINE_SIP_PORT: '70000' }, cwd: emptyDir() }));
  });

  it('limits pending INVITEs at 1000 by default, 0 for none, and names a bad limit', () => {
    assert.equal(loadConfig({ env: {}, cwd: emptyDir() }).config.sip.maxPendingInvites, 1000);
    const none = loadConfig({ env: { HOTLINE_SIP_MAX_PENDING_INVITES: '0' }, cwd: emptyDir() });
    assert.equal(none.config.sip.maxPendingInvites, 0);
    for (const bad of ['-1', 'many', '2.5']) {
      const error = configError(() =>
        loadConfig({ env: { HOTLINE_SIP_MAX_PENDING_INVITES: bad }, cwd: emptyDir() }),
      );
      assert.equal(error.field, 'HOTLINE_SIP_MAX_PENDING_INVITES');
    }
  });

  it('names the key and file of a bad value in the config file, and unknown keys', () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'hotline.config.json'),
      JSON.stringify({ http: { port: 'abc' }, htp: {} }),
    );
    const error = configError(() => loadConfig({ env: {}, cwd }));
    assert.match(
      error.message,
      /http\.port in .*hotline\.config\.json: "abc" is not a port number/,
    );
    assert.match(error.message, /htp in .*: unknown setting/);
  });

  it('refuses an unknown database engine by name', () => {
    const error = configError(() =>
      loadConfig({ env: { HOTLINE_DATABASE_URL: 'mysql://root@localhost/test' }, cwd: emptyDir() }),
    );
    assert.match(error.message, /HOTLINE_DATABASE_URL: unknown database engine "mysql"/);
  });

  it('selects PostgreSQL from a postgres:// URL and hides its password when described', () => {
    const { config } = loadConfig({
      env: { HOTLINE_DATABASE_URL: 'postgres://hl:secret@db:5432/hotline' },
      cwd: emptyDir(),
    });
    assert.deepEqual(databaseTarget(config), {
      engine: 'postgres',
      url: 'postgres://hl:secret@db:5432/hotline',
    });
    assert.equal(
      (describeConfig(config).database as { url: string }).url,
      'postgres://hl:***@db:5432/hotline',
    );
  });

  it('refuses invalid JSON, bad ranges, bad zones and inconsistent session limits, listing each', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'hotline.config.json'), '{ "http": ');
    assert.match(configError(() => loadConfig({ env: {}, cwd })).message, /not valid JSON/);
    const error = configError(() =>
      loadConfig({
        env: {
          HOTLINE_RTP_PORTS: '30000-20000',
          HOTLINE_TIMEZONE: 'Mars/Olympus',
          HOTLINE_SESSION_IDLE_SECONDS: '90000',
          HOTLINE_SESSION_MAX_SECONDS: '3600',
        },
        cwd: emptyDir(),
      }),
    );
    assert.match(error.message, /HOTLINE_RTP_PORTS/);
    assert.match(error.message, /HOTLINE_TIMEZONE: "Mars\/Olympus" is not an IANA time zone/);
    assert.match(error.message, /HOTLINE_SESSION_IDLE_SECONDS: must not exceed/);
  });

  it('warns about HOTLINE_ variables that are not settings', () => {
    const { warnings } = loadConfig({ env: { HOTLINE_HTTP_PROT: '1' }, cwd: emptyDir() });
    assert.deepEqual(warnings, ['HOTLINE_HTTP_PROT is set but is not a Hotline setting (typo?)']);
  });

  it('documents every setting with an environment variable', () => {
    const rows = configReference();
    assert.ok(rows.length >= 10);
    for (const row of rows) {
      assert.match(row.env, /^HOTLINE_[A-Z_]+$/, row.key);
      assert.ok(row.doc.length > 5, row.key);
    }
    assert.equal(rows.find((r) => r.key === 'rtp.ports')?.defaultValue, '20000-29999');
  });
});
