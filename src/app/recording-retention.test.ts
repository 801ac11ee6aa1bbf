import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../platform/index.ts';
import { startTestHotline, T0, type TestHotline } from '../../test/support/test-hotline.ts';
import { RecordingRetention } from './recording-retention.ts';

const DAY = 86_400_000;

describe('recording retention', () => {
  let t: TestHotline;
  const dir = mkdtempSync(join(tmpdir(), 'hotline-retention-'));

  /** A call that ended at `endedAt` with one recording file on disk. */
  async function recordedCall(callId: string, endedAt: number): Promise<string> {
    const path = join(dir, `${callId}.wav`);
    writeFileSync(path, 'RIFF....WAVE');
    await t.hotline.services.events.write((w) =>
      w.appendAll([
        {
          type: 'call.offered',
          stream: `call:${callId}`,
          time: endedAt - 60_000,
          payload: {
            callId,
            legId: `${callId}-a`,
            caller: { number: '013800000000' },
            dialed: '4008001000',
            source: 'trunk',
          },
        },
        {
          type: 'call.recording-finished',
          stream: `call:${callId}`,
          time: endedAt,
          payload: {
            callId,
            recordingId: `call-${callId}`,
            path,
            durationMs: 50_000,
            reason: 'stopped',
          },
        },
        {
          type: 'call.ended',
          stream: `call:${callId}`,
          time: endedAt,
          payload: { callId, from: 'connected', cause: 'normal', by: 'customer' },
        },
      ]),
    );
    return path;
  }

  before(async () => {
    t = await startTestHotline();
  });
  after(() => t.dispose());

  it('deletes the files of calls older than the retention, once, and logs each deletion', async () => {
    const old = await recordedCall('old', T0);
    const recent = await recordedCall('recent', T0 + 100 * DAY);
    await t.hotline.callRecords.catchUp();
    t.clock.set(T0 + 181 * DAY);
    const retention = new RecordingRetention({
      events: t.hotline.services.events,
      clock: t.clock,
      logger: silentLogger(),
      days: 180,
    });
    assert.equal(await retention.run(), 1);
    assert.equal(existsSync(old), false);
    assert.equal(existsSync(recent), true, 'a recording inside the retention is kept');
    const deleted = await t.hotline.services.events.read({ types: ['recording.deleted'] });
    assert.deepEqual(
      deleted.map((e) => e.payload),
      [{ callId: 'old', recordingId: 'call-old', reason: 'retention' }],
    );
    assert.equal(await retention.run(), 0, 'nothing is deleted twice');
    t.clock.set(T0 + 281 * DAY);
    assert.equal(await retention.run(), 1);
    assert.equal(existsSync(recent), false);
  });

  it('keeps everything when the retention is 0 days', async () => {
    const path = await recordedCall('kept', T0 + 300 * DAY);
    await t.hotline.callRecords.catchUp();
    t.clock.set(T0 + 3000 * DAY);
    const forever = new RecordingRetention({
      events: t.hotline.services.events,
      clock: t.clock,
      logger: silentLogger(),
      days: 0,
    });
    assert.equal(await forever.run(), 0);
    assert.equal(existsSync(path), true);
  });
});
