// Customer field normalization: phone numbers as Chinese callers and CSV files write them,
// search keys, the ID document mask.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkCustomerFields,
  customerPhoneE164,
  documentKey,
  maskDocument,
  nameKey,
  prefixEnd,
} from './customer-fields.ts';

describe('customer phone numbers', () => {
  it('normalizes Chinese mobiles however they are written', () => {
    for (const raw of ['13812345678', '138 1234 5678', '+86 138-1234-5678', '008613812345678'])
      assert.equal(customerPhoneE164(raw), '+8613812345678', raw);
  });

  it('normalizes landlines with their area code', () => {
    assert.equal(customerPhoneE164('010-12345678'), '+861012345678');
    assert.equal(customerPhoneE164('0755 8888 8888'), '+8675588888888');
    assert.equal(customerPhoneE164('(021)62345678'), '+862162345678');
    assert.equal(customerPhoneE164('+86 10 6234 5678'), '+861062345678');
  });

  it('keeps international numbers in their own country', () => {
    assert.equal(customerPhoneE164('+44 20 7946 0958'), '+442079460958');
    assert.equal(customerPhoneE164('+1 212-555-0123'), '+12125550123');
    assert.equal(customerPhoneE164('00852 9123 4567'), '+85291234567');
    assert.equal(customerPhoneE164('020 7946 0958', 'GB'), '+442079460958');
  });

  it('refuses extensions, short codes and numbers that cannot exist', () => {
    for (const raw of ['1001', '95533', '0101234567', '12345678901234567', 'call me'])
      assert.equal(customerPhoneE164(raw), undefined, raw);
  });
});

describe('customer fields', () => {
  const today = '2026-11-28';

  it('folds names for prefix search: width, case, spaces and punctuation', () => {
    assert.equal(nameKey(' John  Smith '), 'johnsmith');
    assert.equal(nameKey('ＪＯＨＮ'), 'john');
    assert.equal(nameKey('欧阳 娜娜'), '欧阳娜娜');
    assert.equal(nameKey("Mary-Jane O'Brien"), 'maryjaneobrien');
  });

  it('bounds a prefix range by the next code point', () => {
    assert.equal(prefixEnd('zha'), 'zhb');
    assert.equal(prefixEnd('张'), String.fromCodePoint('张'.codePointAt(0)! + 1));
    const key = nameKey('张伟');
    assert.ok(key >= '张' && key < prefixEnd('张'));
  });

  it('masks ID documents down to the last four characters', () => {
    assert.equal(maskDocument('11010519491231002X'), '**************002X');
    assert.equal(maskDocument('E1234'), '*****');
    assert.equal(maskDocument(null), null);
    assert.equal(documentKey('110105 19491231 002x'), '11010519491231002X');
  });

  it('normalizes what it is given and names every bad field', () => {
    const ok = checkCustomerFields(
      {
        name: '  张   伟 ',
        phones: ['13812345678', '+86 138 1234 5678', '010-12345678'],
        email: ' Zhang.Wei@Example.CN ',
        tags: ['VIP', 'vip', ' Frequent-Flyer '],
        birthday: '1985-02-28',
      },
      { prefix: 'body', today },
    );
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.values.name, '张 伟');
    assert.deepEqual(
      ok.values.phones!.map((p) => p.e164),
      ['+8613812345678', '+861012345678'],
    );
    assert.equal(ok.values.email, 'Zhang.Wei@Example.CN');
    assert.deepEqual(ok.values.tags, ['vip', 'frequent-flyer']);

    const bad = checkCustomerFields(
      {
        name: '---',
        phones: ['13812345678', '12'],
        email: 'not-an-email',
        document: '1*',
        birthday: '2027-01-01',
      },
      { prefix: 'body', today },
    );
    assert.deepEqual(
      bad.problems.map((p) => p.field),
      ['body.name', 'body.phones.1', 'body.email', 'body.document', 'body.birthday'],
    );
    assert.ok(!bad.problems.some((p) => p.message.includes('1*')), 'the document is never echoed');
    assert.match(
      checkCustomerFields({ birthday: '1990-02-30' }, { prefix: '', today }).problems[0]!.message,
      /not a date/,
    );
  });
});
