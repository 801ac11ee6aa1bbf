// The media benches' load generators: the --generator option and the C generator's protocol on loopback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBenchArgs } from '../bench/media-bench-args.ts';
import { gccVersion } from '../bench/media-gen/c-generator.ts';
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
});
