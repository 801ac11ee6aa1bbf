// `npm run sim`: flags to settings (a bad flag is refused by name) and the printed figures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../platform/index.ts';
import { parseSimArgs, runSim } from './sim-cli.ts';

const base = ['--agents', '20', '--calls-per-hour', '300', '--aht', '180', '--hours', '2'];

describe('sim CLI', () => {
  it('turns flags into settings', () => {
    const config = parseSimArgs([
      ...base,
      ...['--seed', '9', '--sl-seconds', '30', '--patience', '60', '--wrap-up', '10'],
      ...[
        '--handle-time',
        'lognormal',
        '--handle-cv',
        '0.7',
        '--ring',
        '1-4',
        '--strategy',
        'round-robin',
      ],
    ]);
    assert.deepEqual(config, {
      agents: 20,
      callsPerHour: 300,
      hours: 2,
      seed: 9,
      slSeconds: 30,
      patience: { kind: 'exponential', meanSeconds: 60 },
      wrapUpSeconds: 10,
      handleTime: { kind: 'lognormal', meanSeconds: 180, cv: 0.7 },
      ring: { kind: 'uniform', minSeconds: 1, maxSeconds: 4 },
      strategy: 'round-robin',
    });
    assert.deepEqual(parseSimArgs([...base, '--ring', '3']).ring, { kind: 'fixed', seconds: 3 });
  });

  it('refuses bad flags, naming the flag', () => {
    const flagOf = (argv: string[]) => {
      try {
        parseSimArgs(argv);
      } catch (error) {
        assert.ok(isHotlineError(error, 'invalid-input'));
        assert.ok(error.message.includes(error.field!), error.message);
        return error.field;
      }
      assert.fail('no error');
    };
    assert.equal(flagOf(['--agents', 'ten', ...base.slice(2)]), '--agents');
    assert.equal(flagOf(base.slice(2)), '--agents');
    assert.equal(flagOf([...base, '--patience', '-5']), '--patience');
    assert.equal(flagOf([...base, '--wrap-up', '2.5']), '--wrap-up');
    assert.equal(flagOf([...base, '--ring', '4-1']), '--ring');
    assert.equal(flagOf([...base, '--handle-time', 'gamma']), '--handle-time');
    assert.equal(flagOf([...base, '--strategy', 'nope']), '--strategy');
    assert.equal(flagOf([...base, '--seed']), '--seed');
    assert.equal(flagOf([...base, '--speed', '2']), '--speed');
  });

  it('prints one figure per line with the Erlang prediction and the wall time', () => {
    const lines = runSim([...base, '--seed', '1']);
    assert.match(lines[0]!, /^service level: \d+\.\d%$/);
    assert.match(lines[1]!, /^service level formula: answered within 20 s \//);
    assert.match(lines[2]!, /^ASA: \d+\.\d s$/);
    assert.equal(lines[3], 'abandon rate: 0.0%');
    assert.match(lines[4]!, /^occupancy: \d+\.\d%$/);
    assert.ok(
      lines.some((l) => /^Erlang C prediction \(.*\): service level \d+\.\d%, ASA/.test(l)),
    );
    assert.match(lines.at(-1)!, /^wall time: \d+\.\d\d s/);
    const impatient = runSim([...base, '--patience', '30']);
    assert.ok(impatient.some((l) => l.startsWith('Erlang A prediction')));
  });
});
