import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypedEmitter } from './typed-emitter.ts';

interface Events {
  ready: { agent: string };
  ended: number;
}

describe('TypedEmitter', () => {
  it('delivers payloads to listeners of that event only, and stops after off', () => {
    const emitter = new TypedEmitter<Events>();
    const heard: unknown[] = [];
    const off = emitter.on('ready', (p) => heard.push(p.agent));
    emitter.on('ended', (n) => heard.push(n));
    emitter.emit('ready', { agent: '1001' });
    emitter.emit('ended', 3);
    off();
    emitter.emit('ready', { agent: '1002' });
    assert.deepEqual(heard, ['1001', 3]);
    assert.equal(emitter.listenerCount('ready'), 0);
  });

  it('once listens a single time', () => {
    const emitter = new TypedEmitter<Events>();
    let n = 0;
    emitter.once('ended', () => n++);
    emitter.emit('ended', 1);
    emitter.emit('ended', 2);
    assert.equal(n, 1);
  });

  it('isolates a failing listener from the others and reports it', () => {
    const failures: string[] = [];
    const emitter = new TypedEmitter<Events>((error, event) =>
      failures.push(`${String(event)}: ${(error as Error).message}`),
    );
    let reached = false;
    emitter.on('ended', () => {
      throw new Error('bad listener');
    });
    emitter.on('ended', () => (reached = true));
    emitter.emit('ended', 1);
    assert.equal(reached, true);
    assert.deepEqual(failures, ['ended: bad listener']);
  });
});
