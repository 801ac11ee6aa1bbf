// Validation of the play commands: plain paths or {path, growing} files, and the growing files' follow-ups.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMediaCommand } from './command-validation.ts';
import { isMediaError } from './media-error.ts';

const refuses = (value: unknown, message: RegExp) =>
  assert.throws(
    () => parseMediaCommand(value),
    (e: unknown) => isMediaError(e, 'invalid-command') && message.test(e.message),
  );

describe('play command validation', () => {
  const play = { type: 'play', requestId: 'r1', endpointId: 'e1', playId: 'p1' };

  it('takes paths and growing files in one list', () => {
    const command = { ...play, files: ['/a.wav', { path: '/tts/.b.wav', growing: true }] };
    assert.deepEqual(parseMediaCommand(command), command);
  });

  it('refuses files that are not paths or file objects, naming the field', () => {
    refuses({ ...play, files: [''] }, /files must be non-empty paths/);
    refuses({ ...play, files: [42] }, /files must be paths or \{path, growing\} objects/);
    refuses({ ...play, files: [{ growing: true }] }, /files\[\]\.path must be a non-empty path/);
    refuses({ ...play, files: [{ path: '/a.wav', growing: 'yes' }] }, /files\[\]\.growing/);
  });

  it('checks play.source.complete and play.source.failed', () => {
    const complete = {
      type: 'play.source.complete',
      requestId: 'r2',
      endpointId: 'e1',
      path: '/tts/.b.wav',
      bytes: 48_044,
    };
    assert.deepEqual(parseMediaCommand(complete), complete);
    refuses({ ...complete, bytes: -1 }, /bytes must be a whole number/);
    refuses({ ...complete, bytes: 1.5 }, /bytes must be a whole number/);
    refuses({ ...complete, path: '' }, /path must be a non-empty path/);
    const failed = { type: 'play.source.failed', requestId: 'r3', endpointId: 'e1', path: '/x' };
    assert.deepEqual(parseMediaCommand(failed), failed);
    refuses({ ...failed, endpointId: undefined }, /endpointId must be a non-empty string/);
  });
});
