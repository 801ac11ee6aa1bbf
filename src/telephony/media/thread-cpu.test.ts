// Reading a thread's CPU time from /proc: the fields after a command name with spaces and
// parentheses, and a real read that grows while the thread works.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseThreadCpuMs, threadCpuMs } from './thread-cpu.ts';

describe('thread CPU time', () => {
  it('adds utime and stime (fields 14 and 15) in 10 ms ticks, whatever the name holds', () => {
    const line =
      '4242 (media (worker) 1) R 1 4242 4242 0 -1 4194304 120 0 0 0 37 5 0 0 20 0 9 0 100 0 0';
    assert.equal(parseThreadCpuMs(line), (37 + 5) * 10);
    assert.equal(parseThreadCpuMs('garbage'), undefined);
  });

  it('reads the calling thread’s time, which grows while it computes', (t) => {
    const before = threadCpuMs();
    if (before === undefined) return t.skip('no /proc/thread-self on this system');
    let x = 0;
    for (const end = Date.now() + 60; Date.now() < end;) x += Math.sqrt(x + 1);
    assert.ok(x > 0);
    const after = threadCpuMs()!;
    assert.ok(after >= before, `${after} >= ${before}`);
  });
});
