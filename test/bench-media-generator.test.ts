// The media benches' C helpers on loopback: the --generator option, the C generator's protocol, and udp-floor's relay.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseBenchArgs } from '../bench/media-bench-args.ts';
import { compileC, gccVersion } from '../bench/media-gen/compile-c.ts';
import { LoadGenerator } from '../bench/media-load-generator.ts';

describe('media bench generators', () => {
  it('takes --generator and names it when it is wrong', () => {
    assert.equal(parseBenchArgs(['300', '--generator=node'], 'workers').generator, 'node');
    assert.equal(
      parseBenchArgs(['300'], 'workers').generator,
      gccVersion() === undefined ? 'node' : 'c',
    );
    assert.throws(
      () => parseBenchArgs(['--generator=rust'], 'workers'),
      /--generator: expected c or node, got "rust"/,
    );
  });

  it(
    'the C generator opens shared sockets and measures every packet of a baseline',
    {
      skip: gccVersion() === undefined ? 'no gcc' : false,
    },
    async () => {
      const generator = LoadGenerator.start({ generator: 'c' });
      try {
        const ports = await generator.open(3);
        assert.equal(ports.length, 6);
        assert.equal(new Set(ports).size, 1); // six call sides share one socket
        const result = await generator.baseline(0.5);
        assert.ok(result.sent > 0 && result.sent <= 6 * 26, `sent ${result.sent}`); // ~50/s × 0.5 s × 6
        assert.equal(result.received, result.sent);
        assert.ok(result.p99 > 0 && result.p99 < 200);
      } finally {
        generator.close();
      }
    },
  );

  it(
    'udp-floor relays every packet of every side once and prints its CPU per packet',
    { skip: gccVersion() === undefined ? 'no gcc' : false },
    () => {
      const binary = compileC(
        fileURLToPath(new URL('../bench/media-gen/udp-floor.c', import.meta.url)),
      );
      const run = spawnSync(binary, ['300', '4'], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const [word, calls, relayed, element, generator] = run.stdout.trim().split(' ');
      assert.equal(word, 'floor');
      assert.equal(calls, '300');
      assert.equal(relayed, String(300 * 2 * 4), '600 sides × 4 periods, two generator sockets');
      assert.ok(Number(element) > 0 && Number(generator) > 0, run.stdout);
      const bad = spawnSync(binary, ['0', '4'], { encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /calls and periods must be positive/);
    },
  );
});
