// The storage contract: the same behaviour on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../platform/index.ts';
import { enginesUnderTest, type TestDatabase } from '../../test/support/test-databases.ts';
import { migrateToLatest } from './migrate.ts';
import { EventStore, type StoredEvent } from './event-store.ts';
import { userRepository } from './user-repository.ts';
import { sessionRepository } from './session-repository.ts';
import { apiTokenRepository } from './api-token-repository.ts';
import { auditRepository } from './audit-repository.ts';
import { callRecordRepository, projectionCursorRepository } from './call-record-repository.ts';
import { dialedNumberRepository, ivrFlowRepository } from './ivr-flow-repository.ts';
import { sipExtensionRepository } from './sip-extension-repository.ts';
import { secretRepository } from './secret-repository.ts';

interface TestEvents {
  'thing.made': { name: string; n: number };
  'thing.broken': { why: string; nested: { list: number[]; text: string } };
}

const T0 = Date.UTC(2026, 10, 28, 6, 0, 0); // larger than 2^32, so int64 handling shows

function newUser(username: string, time = T0) {
  return {
    username,
    display_name: `${username} 张`,
    role: 'agent' as const,
    password_hash: 'x',
    password_changed_at: time,
    failed_logins: 0,
    locked_until: null,
    disabled_at: null,
    created_at: time,
    updated_at: time,
  };
}

for (const engine of await enginesUnderTest()) {
  describe(`store contract on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestDatabase;
    let clock: FakeClock;
    let events: EventStore<TestEvents>;

    before(async () => {
      t = await engine.open();
      clock = new FakeClock(T0);
      events = new EventStore<TestEvents>(t.database, clock);
    });
    after(() => t?.dispose());

    it('runs migrations once; running them again applies nothing', async () => {
      assert.deepEqual((await migrateToLatest(t.database)).applied, []);
      assert.equal(await t.database.ping(), true);
    });

    it('appends events with increasing ids and reads them back typed', async () => {
      const start = await events.lastId();
      const first = await events.write((w) =>
        w.append('thing.made', 'thing:1', { name: '航班', n: 1 }),
      );
      clock.advance(1500);
      const second = await events.write((w) =>
        w.append('thing.broken', 'thing:2', {
          why: 'x',
          nested: { list: [1, 2], text: '"quoted"\n' },
        }),
      );
      assert.ok(first.id > start);
      assert.ok(second.id > first.id);
      const read = await events.read({ after: start });
      assert.deepEqual(read, [
        {
          id: first.id,
          time: T0,
          type: 'thing.made',
          stream: 'thing:1',
          payload: { name: '航班', n: 1 },
        },
        {
          id: second.id,
          time: T0 + 1500,
          type: 'thing.broken',
          stream: 'thing:2',
          payload: { why: 'x', nested: { list: [1, 2], text: '"quoted"\n' } },
        },
      ]);
      assert.equal(typeof read[0]!.time, 'number');
      assert.equal(await events.lastId(), second.id);
    });

    it('appends many events at once in order, across insert chunks', async () => {
      const start = await events.lastId();
      const batch = Array.from({ length: 1203 }, (_, n) => ({
        type: 'thing.made' as const,
        stream: `batch:${n % 7}`,
        payload: { name: `b${n}`, n },
      }));
      const stored = await events.write((w) => w.appendAll(batch));
      assert.equal(stored.length, 1203);
      for (let i = 1; i < stored.length; i++) assert.ok(stored[i]!.id > stored[i - 1]!.id);
      const read = await events.read({ after: start, limit: 2000 });
      assert.deepEqual(
        read.map((e) => (e.type === 'thing.made' ? e.payload.n : -1)),
        batch.map((b) => b.payload.n),
      );
      assert.deepEqual(
        read.map((e) => e.id),
        stored.map((e) => e.id),
      );
    });

    it('filters by cursor, stream, type and limit', async () => {
      const start = await events.lastId();
      await events.write(async (w) => {
        for (let i = 0; i < 5; i++)
          await w.append('thing.made', `thing:${i % 2}`, { name: 'n', n: i });
      });
      const stream0 = await events.read({ after: start, stream: 'thing:0' });
      assert.deepEqual(
        stream0.map((e) => (e.type === 'thing.made' ? e.payload.n : -1)),
        [0, 2, 4],
      );
      assert.equal((await events.read({ after: start, limit: 2 })).length, 2);
      assert.equal((await events.read({ after: start, types: ['thing.broken'] })).length, 0);
      const page2 = await events.read({ after: stream0[0]!.id, stream: 'thing:0' });
      assert.equal(page2.length, 2);
    });

    it('keeps an event and its state change together: a rollback leaves neither and publishes nothing', async () => {
      const heard: StoredEvent<TestEvents>[] = [];
      const unsubscribe = events.subscribe((e) => heard.push(e));
      const before = await events.lastId();
      await assert.rejects(
        events.write(async (w) => {
          await userRepository.insert(w.trx, newUser('rollback-user'));
          await w.append('thing.made', 'user:x', { name: 'rollback-user', n: 0 });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await events.lastId(), before);
      assert.equal(await userRepository.byUsername(t.database.db, 'rollback-user'), undefined);
      assert.equal(heard.length, 0);

      await events.write(async (w) => {
        await userRepository.insert(w.trx, newUser('committed-user'));
        await w.append('thing.made', 'user:y', { name: 'committed-user', n: 0 });
      });
      assert.ok(await userRepository.byUsername(t.database.db, 'committed-user'));
      assert.equal(heard.length, 1);
      unsubscribe();
    });

    it('orders concurrent writers: ids are committed in order, subscribers hear them ascending', async () => {
      const heard: number[] = [];
      const unsubscribe = events.subscribe((e) => heard.push(e.id));
      const start = await events.lastId();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          events.write(async (w) => {
            await w.append('thing.made', `c:${i}`, { name: 'c', n: i });
            await w.append('thing.made', `c:${i}`, { name: 'c', n: i + 100 });
          }),
        ),
      );
      const read = await events.read({ after: start });
      assert.equal(read.length, 40);
      for (let i = 1; i < read.length; i++) assert.ok(read[i]!.id > read[i - 1]!.id);
      // the two events of one writer are adjacent: no other transaction interleaved
      for (let i = 0; i < read.length; i += 2) assert.equal(read[i]!.stream, read[i + 1]!.stream);
      assert.equal(heard.length, 40);
      unsubscribe();
    });

    it('enforces unique usernames and returns rows with numeric ids and times', async () => {
      const user = await userRepository.insert(t.database.db, newUser('unique-1'));
      assert.equal(typeof user.id, 'number');
      assert.equal(user.created_at, T0);
      assert.equal(user.display_name, 'unique-1 张');
      await assert.rejects(userRepository.insert(t.database.db, newUser('unique-1')));
      const updated = await userRepository.update(t.database.db, user.id, {
        locked_until: T0 + 900_000,
      });
      assert.equal(updated?.locked_until, T0 + 900_000);
      assert.ok((await userRepository.count(t.database.db)) >= 1);
      const agents = await userRepository.list(t.database.db, { role: 'agent' });
      assert.ok(agents.some((u) => u.id === user.id));
    });

    it('cascades sessions and tokens when a user is deleted, and expires sessions', async () => {
      const user = await userRepository.insert(t.database.db, newUser('cascade-1'));
      await sessionRepository.insert(t.database.db, {
        id: 'h1',
        user_id: user.id,
        created_at: T0,
        last_seen_at: T0,
        expires_at: T0 + 1000,
        ip: '::1',
        user_agent: 'ua',
      });
      await sessionRepository.insert(t.database.db, {
        id: 'h2',
        user_id: user.id,
        created_at: T0,
        last_seen_at: T0 + 5000,
        expires_at: T0 + 100_000,
        ip: '::1',
        user_agent: 'ua',
      });
      const token = await apiTokenRepository.insert(t.database.db, {
        user_id: user.id,
        name: 'crm',
        token_hash: `hash-${user.id}`,
        prefix: 'htk_ab',
        created_at: T0,
        last_used_at: null,
        expires_at: null,
        revoked_at: null,
      });
      assert.equal(
        (await apiTokenRepository.byHash(t.database.db, `hash-${user.id}`))?.id,
        token.id,
      );
      // h1 is past its end; h2 is idle since T0+5000 but the idle limit is T0+4000
      assert.equal(await sessionRepository.deleteExpired(t.database.db, T0 + 2000, T0 + 4000), 1);
      assert.ok(await sessionRepository.byId(t.database.db, 'h2'));
      await t.database.db.deleteFrom('users').where('id', '=', user.id).execute();
      assert.equal(await sessionRepository.byId(t.database.db, 'h2'), undefined);
      assert.equal(await apiTokenRepository.byId(t.database.db, token.id), undefined);
    });

    it('creates and replaces SIP extensions by number', async () => {
      const row = {
        extension: '1001',
        display_name: '张伟',
        realm: 'hotline',
        ha1_md5: 'a'.repeat(32),
        ha1_sha256: 'b'.repeat(64),
        max_contacts: 3,
        disabled_at: null,
        created_at: T0,
        updated_at: T0,
      };
      await sipExtensionRepository.upsert(t.database.db, row);
      await sipExtensionRepository.upsert(t.database.db, {
        ...row,
        ha1_md5: 'c'.repeat(32),
        updated_at: T0 + 1,
      });
      const stored = await sipExtensionRepository.byExtension(t.database.db, '1001');
      assert.equal(stored?.ha1_md5, 'c'.repeat(32));
      assert.equal(stored?.created_at, T0);
      assert.equal(stored?.updated_at, T0 + 1);
      assert.deepEqual(
        (await sipExtensionRepository.list(t.database.db)).map((r) => r.extension),
        ['1001'],
      );
    });

    it('upserts call records, lists them newest first with filters and paging, keeps cursors', async () => {
      const record = (id: string, startedAt: number, caller: string, queue: string | null) => ({
        call_id: id,
        started_at: startedAt,
        ended_at: null,
        caller,
        caller_e164: `+86${caller.replace(/^0/, '')}`,
        dialed: '4008001000',
        queue,
        connected_to: null,
        agent_id: queue === 'hotels' ? 'agent1004' : null,
        ended_in: null,
        end_cause: null,
        wait_ms: null,
        talk_ms: null,
        record: JSON.stringify({ callId: id }),
        last_event_id: 1,
      });
      await callRecordRepository.upsertMany(t.database.db, [
        record('a', T0, '013800000001', 'flights'),
        record('b', T0 + 1000, '013800000002', 'hotels'),
        record('c', T0 + 1000, '013800000001', null),
      ]);
      await callRecordRepository.upsertMany(t.database.db, [
        {
          ...record('a', T0, '013800000001', 'flights'),
          ended_at: T0 + 60_000,
          talk_ms: 50_000,
          last_event_id: 9,
        },
      ]);
      const a = await callRecordRepository.byId(t.database.db, 'a');
      assert.equal(a?.ended_at, T0 + 60_000);
      assert.equal(a?.talk_ms, 50_000);
      const all = await callRecordRepository.list(t.database.db, {});
      assert.deepEqual(
        all.map((r) => r.call_id),
        ['c', 'b', 'a'],
      );
      const byCaller = await callRecordRepository.list(t.database.db, { caller: '+8613800000001' });
      assert.deepEqual(
        byCaller.map((r) => r.call_id),
        ['c', 'a'],
      );
      assert.deepEqual(
        (await callRecordRepository.list(t.database.db, { queue: 'hotels' })).map((r) => r.call_id),
        ['b'],
      );
      assert.deepEqual(
        (await callRecordRepository.list(t.database.db, { agent: 'agent1004' })).map(
          (r) => r.call_id,
        ),
        ['b'],
      );
      const page2 = await callRecordRepository.list(t.database.db, { before: 'b', limit: 5 });
      assert.deepEqual(
        page2.map((r) => r.call_id),
        ['a'],
      );
      assert.equal(await projectionCursorRepository.get(t.database.db, 'call-records'), 0);
      await projectionCursorRepository.set(t.database.db, 'call-records', 42);
      await projectionCursorRepository.set(t.database.db, 'call-records', 43);
      assert.equal(await projectionCursorRepository.get(t.database.db, 'call-records'), 43);
    });

    it('keeps every IVR flow version, publishes and rolls back, and maps numbers to flows', async () => {
      const db = t.database.db;
      const v1 = await ivrFlowRepository.saveVersion(db, {
        name: 'main',
        document: '{"v":1}',
        comment: null,
        by: 'admin',
        at: T0,
        description: 'Main menu',
      });
      const v2 = await ivrFlowRepository.saveVersion(db, {
        name: 'main',
        document: '{"v":2}',
        comment: 'new menu',
        by: 'admin',
        at: T0 + 1,
      });
      assert.deepEqual([v1, v2], [1, 2]);
      assert.deepEqual(await ivrFlowRepository.published(db), []);
      await ivrFlowRepository.publish(db, 'main', 2, T0 + 2);
      assert.deepEqual(await ivrFlowRepository.published(db), [
        { name: 'main', version: 2, document: '{"v":2}' },
      ]);
      await ivrFlowRepository.publish(db, 'main', 1, T0 + 3);
      assert.equal((await ivrFlowRepository.published(db))[0]?.document, '{"v":1}');
      const flow = await ivrFlowRepository.byName(db, 'main');
      assert.equal(flow?.description, 'Main menu');
      assert.equal(flow?.published_version, 1);
      assert.deepEqual(
        (await ivrFlowRepository.versions(db, 'main')).map((v) => v.version),
        [2, 1],
      );
      assert.equal((await ivrFlowRepository.version(db, 'main', 2))?.comment, 'new menu');

      await dialedNumberRepository.upsert(db, {
        number: '4008001000',
        flow: 'main',
        description: '',
        created_at: T0,
      });
      await dialedNumberRepository.upsert(db, {
        number: '4008001000',
        flow: 'other',
        description: 'x',
        created_at: T0,
      });
      assert.deepEqual(
        (await dialedNumberRepository.list(db)).map((r) => [r.number, r.flow]),
        [['4008001000', 'other']],
      );
      assert.equal(await dialedNumberRepository.remove(db, '4008001000'), true);
      assert.equal(await dialedNumberRepository.remove(db, '4008001000'), false);
    });

    it('creates a secret once and returns the same one after', async () => {
      const first = await secretRepository.getOrCreate(t.database.db, 'sip-nonce', () => 'one', T0);
      const second = await secretRepository.getOrCreate(
        t.database.db,
        'sip-nonce',
        () => 'two',
        T0,
      );
      assert.equal(first, 'one');
      assert.equal(second, 'one');
    });

    it('writes and pages the audit log newest first', async () => {
      for (let i = 0; i < 3; i++) {
        await auditRepository.insert(t.database.db, {
          time: T0 + i,
          actor_kind: 'user',
          actor_id: 7,
          actor_name: 'admin',
          action: 'user.create',
          resource: 'users',
          resource_id: String(i),
          ip: '127.0.0.1',
          details: { i, note: '中文' },
        });
      }
      const page = await auditRepository.list(t.database.db, { action: 'user.create', limit: 2 });
      assert.deepEqual(
        page.map((r) => r.resource_id),
        ['2', '1'],
      );
      const next = await auditRepository.list(t.database.db, {
        action: 'user.create',
        before: page[1]!.id,
      });
      assert.deepEqual(
        next.map((r) => r.resource_id),
        ['0'],
      );
      assert.deepEqual(JSON.parse(next[0]!.details), { i: 0, note: '中文' });
    });
  });
}
