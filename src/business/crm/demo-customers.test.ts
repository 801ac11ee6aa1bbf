// The demo customers: the same every run, realistic (Chinese and English names, mobiles,
// landlines with area codes, international numbers, valid resident ID checksums), and every one
// of them passes the checks a real import makes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCustomerFields, customerPhoneE164 } from './customer-fields.ts';
import { chineseIdChecksum, demoCustomers } from './demo-customers.ts';

describe('demo customers', () => {
  const customers = demoCustomers(3000);

  it('are the same on every run', () => {
    assert.deepEqual(demoCustomers(50), customers.slice(0, 50));
  });

  it('all pass the import checks', () => {
    customers.forEach((c, i) => {
      const { problems } = checkCustomerFields(
        { ...c, tier: c.tier as 'standard' },
        { prefix: `#${i}`, today: '2026-11-28' },
      );
      assert.deepEqual(problems, [], c.name);
    });
  });

  it('mix Chinese and English names, mobiles, landlines and international numbers', () => {
    const e164s = customers.flatMap((c) => c.phones.map((p) => customerPhoneE164(p)!));
    const share = (test: (s: string) => boolean, list: readonly string[]) =>
      list.filter(test).length / list.length;
    const names = customers.map((c) => c.name);
    assert.ok(share((n) => /^[\u4e00-\u9fff]+$/.test(n), names) > 0.7);
    assert.ok(share((n) => /^[A-Za-z' ]+$/.test(n), names) > 0.1);
    assert.ok(share((e) => /^\+861[3-9]/.test(e), e164s) > 0.6, 'Chinese mobiles');
    assert.ok(share((e) => /^\+86[2-9]/.test(e) || /^\+8610/.test(e), e164s) > 0.1, 'landlines');
    assert.ok(share((e) => !e.startsWith('+86'), e164s) > 0.05, 'international');
    assert.ok(customers.every((c) => c.phones.length > 0));
  });

  it('give resident IDs a valid GB 11643 checksum', () => {
    assert.equal(chineseIdChecksum('11010519491231002'), 'X');
    for (const c of customers)
      if (c.document?.length === 18)
        assert.equal(c.document[17], chineseIdChecksum(c.document.slice(0, 17)));
  });
});
