// The customer directory on both engines: create and read back, caller lookup, search by every
// key, edit, merge with history kept, erase, CSV import (dry run and all-or-nothing) and export.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock, isHotlineError } from '../../platform/index.ts';
import { auditRepository, EventStore, type Executor } from '../../store/index.ts';
import { enginesUnderTest, type TestDatabase } from '../../../test/support/test-databases.ts';
import { CustomerDirectory, type CustomerChange } from './customer-directory.ts';
import { interactionRepository } from './customer-repository.ts';

const T0 = Date.UTC(2026, 10, 28, 6, 0, 0);

function change(by = 'tester'): CustomerChange {
  return {
    by,
    audit: (trx: Executor, entry) =>
      auditRepository.insert(trx, {
        time: T0,
        actor_kind: 'user',
        actor_id: 1,
        actor_name: by,
        action: entry.action,
        resource: entry.resource,
        resource_id: entry.resourceId === undefined ? null : String(entry.resourceId),
        ip: null,
        details: entry.details ?? {},
      }),
  };
}

async function rejects(promise: Promise<unknown>, code: string, field?: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isHotlineError(error), String(error));
    assert.equal(error.code, code);
    if (field !== undefined) assert.equal(error.field, field);
    return true;
  });
}

for (const engine of await enginesUnderTest()) {
  describe(`customer directory on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestDatabase;
    let events: EventStore;
    let directory: CustomerDirectory;

    before(async () => {
      t = await engine.open();
      events = new EventStore(t.database, new FakeClock(T0));
      directory = new CustomerDirectory({ events, clock: new FakeClock(T0) });
    });
    after(() => t?.dispose());

    it('creates a customer with normalized numbers, masks the document, logs no personal values', async () => {
      const created = await directory.create(change(), {
        name: '张伟',
        phones: ['138 1234 5678', '010-12345678'],
        email: 'zhang.wei@example.cn',
        document: '11010519491231002X',
        birthday: '1949-12-31',
        language: 'zh',
        tier: 'gold',
        tags: ['Frequent-Flyer'],
        notes: '靠窗座位',
        consent: { calls: true },
      });
      assert.equal(created.name, '张伟');
      assert.deepEqual(created.phones, [
        { e164: '+8613812345678', raw: '138 1234 5678' },
        { e164: '+861012345678', raw: '010-12345678' },
      ]);
      assert.equal(created.document, '**************002X');
      assert.deepEqual(created.consent, { calls: true, sms: false, email: false });
      assert.deepEqual(created.tags, ['frequent-flyer']);
      const log = await events.read({ stream: `customer:${created.id}` });
      assert.deepEqual(
        log.map((e) => e.type),
        ['customer.created'],
      );
      const logged =
        JSON.stringify(log) + JSON.stringify(await auditRepository.list(t.database.db));
      for (const secret of ['张伟', '13812345678', '11010519491231002X', 'zhang.wei'])
        assert.ok(!logged.includes(secret), `${secret} stays out of the log and the audit`);
      const audit = await auditRepository.list(t.database.db, { action: 'customer.create' });
      assert.equal(audit[0]?.resource_id, String(created.id));
    });

    it('refuses bad fields, naming each, and stores nothing', async () => {
      const before = await directory.count();
      await assert.rejects(
        directory.create(change(), { name: 'X', phones: ['13812345678', '999'], email: 'nope' }),
        (error: unknown) => {
          assert.ok(isHotlineError(error, 'invalid-input'));
          assert.equal(error.field, 'body.phones.1');
          assert.deepEqual(
            error.problems?.map((p) => p.field),
            ['body.phones.1', 'body.email'],
          );
          return true;
        },
      );
      assert.equal(await directory.count(), before);
    });

    it('matches a caller to none, one or several customers', async () => {
      assert.deepEqual((await directory.matchCaller('+8613900000000')).customers, []);
      const one = await directory.matchCaller('+861012345678');
      assert.deepEqual(
        one.customers.map((c) => [c.name, c.tier]),
        [['张伟', 'gold']],
      );
      await directory.create(change(), { name: '张伟 (妻)', phones: ['010 1234 5678'] });
      const both = await directory.matchCaller('+861012345678');
      assert.equal(both.customers.length, 2);
      assert.deepEqual(await directory.lookup('0086 10 1234 5678'), {
        e164: '+861012345678',
        customers: both.customers,
      });
      assert.deepEqual(await directory.lookup('1001'), { e164: null, customers: [] });
    });

    it('searches by name prefix, number, e-mail, document and tag', async () => {
      await directory.create(change(), {
        name: 'John Smith',
        phones: ['+44 20 7946 0958'],
        email: 'John.Smith@Example.com',
        document: 'E12345678',
        tags: ['business-traveller'],
        language: 'en',
      });
      await directory.create(change(), { name: 'Johanna Smythe', tier: 'silver' });
      const names = async (q: Parameters<CustomerDirectory['search']>[0]) =>
        (await directory.search(q)).map((c) => c.name);
      assert.deepEqual(await names({ q: '张' }), ['张伟', '张伟 (妻)']);
      assert.deepEqual(await names({ q: 'joh' }), ['Johanna Smythe', 'John Smith']);
      assert.deepEqual(await names({ q: 'john sm' }), ['John Smith']);
      assert.deepEqual(await names({ q: 'JOHN.smith@' }), ['John Smith']);
      assert.deepEqual(await names({ q: '020 7946 0958' }), []);
      assert.deepEqual(await names({ q: '+442079460958' }), ['John Smith']);
      assert.deepEqual(await names({ q: '138-1234-5678' }), ['张伟']);
      assert.deepEqual(await names({ q: '110105 19491231 002x' }), ['张伟']);
      assert.deepEqual(await names({ document: 'e12345678' }), ['John Smith']);
      assert.deepEqual(await names({ tag: 'Business-Traveller' }), ['John Smith']);
      assert.deepEqual(await names({ name: 'jo', tier: 'silver' }), ['Johanna Smythe']);
      assert.deepEqual(await names({ q: 'jo', limit: 1 }), ['Johanna Smythe']);
      const [hit] = await directory.search({ q: '张伟' });
      assert.equal(hit!.document, '**************002X');
      await rejects(directory.search({ phone: 'abc' }), 'invalid-input', 'querystring.phone');
    });

    it('edits the fields named and keeps the rest', async () => {
      const [smith] = await directory.search({ q: 'John Smith' });
      const edited = await directory.update(change(), smith!.id, {
        phones: ['+44 20 7946 0958', '13700001111'],
        tier: 'platinum',
        tags: [],
      });
      assert.equal(edited.email, 'John.Smith@Example.com');
      assert.equal(edited.tier, 'platinum');
      assert.deepEqual(edited.tags, []);
      assert.deepEqual((await directory.matchCaller('+8613700001111')).customers[0]?.id, smith!.id);
      assert.deepEqual(await directory.search({ tag: 'business-traveller' }), []);
      const log = await events.read({ stream: `customer:${smith!.id}` });
      assert.deepEqual(log.at(-1)?.payload, {
        customerId: smith!.id,
        by: 'tester',
        fields: ['phones', 'tier', 'tags'],
      });
      await rejects(directory.update(change(), 999_999, { notes: 'x' }), 'not-found', 'params.id');
    });

    it('merges a duplicate: phones, tags and interactions move, the old id resolves to the survivor', async () => {
      const survivor = await directory.create(change(), {
        name: '李娜',
        phones: ['13911112222'],
        tier: 'silver',
        consent: { calls: true, sms: true },
      });
      const duplicate = await directory.create(change(), {
        name: '李娜',
        phones: ['13911112222', '0755 8888 8888'],
        email: 'lina@example.cn',
        tier: 'gold',
        tags: ['hotel-member'],
        consent: { calls: false, sms: true },
      });
      await interactionRepository.upsertMany(t.database.db, [
        {
          customer_id: duplicate.id,
          kind: 'call',
          ref: 'call-old',
          started_at: T0 - 86_400_000,
          ended_at: T0 - 86_000_000,
          details: '{}',
          last_event_id: 1,
        },
      ]);
      const merged = await directory.merge(change(), survivor.id, duplicate.id);
      assert.equal(merged.id, survivor.id);
      assert.deepEqual(
        merged.phones.map((p) => p.e164),
        ['+8613911112222', '+8675588888888'],
      );
      assert.equal(merged.email, 'lina@example.cn');
      assert.equal(merged.tier, 'gold');
      assert.deepEqual(merged.tags, ['hotel-member']);
      assert.deepEqual(merged.consent, { calls: false, sms: true, email: false });
      assert.equal((await directory.get(duplicate.id)).id, survivor.id);
      const timeline = await directory.timeline(duplicate.id);
      assert.deepEqual(
        timeline.map((i) => [i.customerId, i.ref]),
        [[survivor.id, 'call-old']],
      );
      assert.deepEqual(
        (await directory.matchCaller('+8675588888888')).customers.map((c) => c.id),
        [survivor.id],
      );
      const [event] = await events.read({
        stream: `customer:${survivor.id}`,
        types: ['customer.merged'],
      });
      assert.deepEqual(event?.payload, {
        survivorId: survivor.id,
        mergedId: duplicate.id,
        by: 'tester',
        movedPhones: 1,
        movedInteractions: 1,
      });
      await rejects(
        directory.merge(change(), survivor.id, duplicate.id),
        'conflict',
        'body.duplicateId',
      );
    });

    it('erases on request: personal fields gone, interactions kept, an event and an audit entry', async () => {
      const [lina] = await directory.search({ q: '李娜' });
      const erased = await directory.erase(change('admin'), lina!.id, 'customer request 2026-11');
      assert.equal(erased.name, '');
      assert.deepEqual(erased.phones, []);
      assert.equal(erased.email, null);
      assert.equal(erased.document, null);
      assert.equal(erased.erasedAt, T0);
      assert.equal(erased.tier, 'gold', 'statistics keep the tier');
      assert.deepEqual(await directory.search({ q: '李娜' }), []);
      assert.deepEqual((await directory.matchCaller('+8613911112222')).customers, []);
      assert.equal((await directory.timeline(lina!.id)).length, 1, 'the interactions stay');
      const [event] = await events.read({
        stream: `customer:${lina!.id}`,
        types: ['customer.erased'],
      });
      assert.equal((event?.payload as { mergedIds: number[] }).mergedIds.length, 1);
      const [entry] = await auditRepository.list(t.database.db, { action: 'customer.erase' });
      assert.equal(entry?.actor_name, 'admin');
      await rejects(directory.update(change(), lina!.id, { name: 'back' }), 'conflict');
    });

    it('dry-runs an import: every bad row with its line and reason, nothing imported', async () => {
      const before = await directory.count();
      const csv = [
        'name,phones,email,birthday,tier,consent_sms',
        '王芳,13800001234;010-87654321,wang@example.cn,1990-05-01,gold,是',
        ',13800001235,,,,',
        '"Smith, Anna","+1 212 555 0123",anna@,1980-01-01,silver,yes',
        '赵敏,12,,1990-13-01,diamond,maybe',
        '陈静,13800001236',
      ].join('\n');
      const report = await directory.importCsv(change(), csv, { dryRun: true });
      assert.equal(report.dryRun, true);
      assert.equal(report.rows, 5);
      assert.equal(report.imported, 0);
      assert.deepEqual(
        report.problems.map((p) => [p.line, p.field]),
        [
          [3, 'name'],
          [4, 'email'],
          [5, 'consent_sms'],
          [5, 'phones.0'],
          [5, 'birthday'],
          [5, 'tier'],
          [6, 'csv'],
        ],
      );
      assert.match(report.problems[6]!.message, /has 2 cells; the header has 6/);
      assert.equal(await directory.count(), before);

      await assert.rejects(
        directory.importCsv(change(), csv, { dryRun: false }),
        (error: unknown) => {
          assert.ok(isHotlineError(error, 'invalid-input'));
          assert.equal(error.problems?.length, 7);
          return true;
        },
      );
      assert.equal(await directory.count(), before, 'a bad row means nothing is imported');
    });

    it('imports a good file in one transaction and exports it back with a BOM and guarded cells', async () => {
      const csv =
        '\uFEFFname,phones,email,tags,notes,consent_calls\r\n' +
        '王芳,13800001234;010-87654321,wang@example.cn,vip;hotel-member,"=cmd|\' /C calc\'!A0",1\r\n' +
        'Anna Smith,+1 212 555 0123,,,"line one\nline two",0\r\n';
      const report = await directory.importCsv(change(), csv, { dryRun: false });
      assert.deepEqual(report, { dryRun: false, rows: 2, imported: 2, problems: [] });
      const [wang] = await directory.search({ q: '13800001234' });
      assert.deepEqual(wang?.tags, ['vip', 'hotel-member']);
      const { csv: out, rows } = await directory.exportCsv(change('admin'), { tag: 'vip' });
      assert.equal(rows, 1);
      assert.ok(out.startsWith('\uFEFFid,name,phones,email,document,'));
      assert.ok(out.includes(',+8613800001234;+861087654321,'), 'E.164 numbers are not mangled');
      assert.ok(out.includes(`,'=cmd|' /C calc'!A0,`), 'formulas are guarded');
      const [entry] = await auditRepository.list(t.database.db, { action: 'customers.export' });
      assert.deepEqual(JSON.parse(entry!.details), { rows: 1, filter: { tag: 'vip' } });
      // What an export wrote imports again (ids and creation times ignored, the guard undone).
      const again = await directory.importCsv(change(), out, { dryRun: true });
      assert.deepEqual(again.problems, []);
    });
  });
}
