// The fs write path of recordings: writes the kernel cuts short are finished, one that takes nothing is an error.
import assert from 'node:assert/strict';
import { closeSync, openSync, write } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFully } from './chunk-writes.ts';
import type { PositionalWrite } from './chunk-writes.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hotline-chunk-writes-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** fs.write on the real file, but never more than `most` octets per call, as a cut-short write. */
function capped(most: number, calls: number[]): PositionalWrite {
  return (fd, buffer, offset, length, position, callback) => {
    calls.push(length);
    write(fd, buffer, offset, Math.min(length, most), position, callback);
  };
}

function writeAll(
  fd: number,
  buffer: Buffer,
  position: number,
  writeAt: PositionalWrite,
): Promise<Error | null> {
  return new Promise((resolve) =>
    writeFully(fd, buffer, 0, buffer.length, position, resolve, writeAt),
  );
}

describe('writeFully', () => {
  it('goes on after short writes until every octet is at its place in the file', async () => {
    const path = join(dir, 'short.bin');
    const fd = openSync(path, 'wx');
    try {
      const chunk = Buffer.alloc(10_000);
      for (let i = 0; i < chunk.length; i++) chunk[i] = i % 251;
      const calls: number[] = [];
      assert.equal(await writeAll(fd, chunk, 44, capped(3000, calls)), null);
      assert.deepEqual(calls, [10_000, 7000, 4000, 1000], 'each retry asks for what is left');
      const file = await readFile(path);
      assert.equal(file.length, 44 + 10_000);
      assert.ok(
        file.subarray(0, 44).every((b) => b === 0),
        'nothing written before the position',
      );
      assert.deepEqual(file.subarray(44), chunk);
    } finally {
      closeSync(fd);
    }
  });

  it('reports a write that takes nothing as ENOSPC instead of retrying it for ever', async () => {
    const path = join(dir, 'full.bin');
    const fd = openSync(path, 'wx');
    try {
      const calls: number[] = [];
      const full: PositionalWrite = (_fd, _buffer, _offset, length, _position, callback) => {
        calls.push(length);
        callback(null, calls.length === 1 ? 100 : 0); // the disk fills after 100 octets
      };
      const error = (await writeAll(fd, Buffer.alloc(500), 0, full)) as NodeJS.ErrnoException;
      assert.equal(error.code, 'ENOSPC');
      assert.deepEqual(calls, [500, 400]);
    } finally {
      closeSync(fd);
    }
  });

  it('passes the error of a failed write on (a closed descriptor: EBADF)', async () => {
    const fd = openSync(join(dir, 'closed.bin'), 'wx');
    closeSync(fd);
    const error = (await writeAll(fd, Buffer.alloc(10), 0, write)) as NodeJS.ErrnoException;
    assert.equal(error.code, 'EBADF');
  });
});
