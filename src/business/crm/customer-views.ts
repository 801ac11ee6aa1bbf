// Rows to the shapes the API shows (the ID document always masked), and
// checked values to new rows.
import type { Customer, CustomerSummary } from './customer.ts';
import {
  documentKey,
  emailKey,
  maskDocument,
  nameKey,
  type CustomerValues,
} from './customer-fields.ts';
import type { CustomerRow, NewCustomerRecord } from './customer-repository.ts';

export function toCustomer(row: CustomerRow, phones: { e164: string; raw: string }[]): Customer {
  return {
    id: row.id,
    name: row.name,
    phones,
    email: row.email,
    document: maskDocument(row.document),
    birthday: row.birthday,
    language: row.language,
    tier: row.tier,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    consent: {
      calls: row.consent_calls === 1,
      sms: row.consent_sms === 1,
      email: row.consent_email === 1,
    },
    erasedAt: row.erased_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSummary(row: CustomerRow, phones: { e164: string }[]): CustomerSummary {
  return {
    id: row.id,
    name: row.name,
    phones: phones.map((p) => p.e164),
    email: row.email,
    document: maskDocument(row.document),
    tier: row.tier,
    tags: JSON.parse(row.tags) as string[],
  };
}

/** A new customer's rows from checked values (name required; the rest defaults). */
export function newCustomerRecord(
  values: CustomerValues & { name: string },
  at: number,
): NewCustomerRecord {
  const tags = values.tags ?? [];
  return {
    row: {
      name: values.name,
      name_key: nameKey(values.name),
      email: values.email ?? null,
      email_key: values.email ? emailKey(values.email) : null,
      document: values.document ?? null,
      document_key: values.document ? documentKey(values.document) : null,
      birthday: values.birthday ?? null,
      language: values.language ?? null,
      tier: values.tier ?? 'standard',
      tags: JSON.stringify(tags),
      notes: values.notes ?? '',
      consent_calls: values.consent?.calls ? 1 : 0,
      consent_sms: values.consent?.sms ? 1 : 0,
      consent_email: values.consent?.email ? 1 : 0,
      merged_into: null,
      erased_at: null,
      created_at: at,
      updated_at: at,
    },
    phones: values.phones ?? [],
    tags,
  };
}

/** The column changes an edit makes (only the fields it names). */
export function changedColumns(
  values: CustomerValues,
  at: number,
): Partial<NewCustomerRecord['row']> {
  const set: Partial<NewCustomerRecord['row']> = { updated_at: at };
  if (values.name !== undefined) {
    set.name = values.name;
    set.name_key = nameKey(values.name);
  }
  if (values.email !== undefined) {
    set.email = values.email;
    set.email_key = values.email ? emailKey(values.email) : null;
  }
  if (values.document !== undefined) {
    set.document = values.document;
    set.document_key = values.document ? documentKey(values.document) : null;
  }
  if (values.birthday !== undefined) set.birthday = values.birthday;
  if (values.language !== undefined) set.language = values.language;
  if (values.tier !== undefined) set.tier = values.tier;
  if (values.tags !== undefined) set.tags = JSON.stringify(values.tags);
  if (values.notes !== undefined) set.notes = values.notes;
  if (values.consent?.calls !== undefined) set.consent_calls = values.consent.calls ? 1 : 0;
  if (values.consent?.sms !== undefined) set.consent_sms = values.consent.sms ? 1 : 0;
  if (values.consent?.email !== undefined) set.consent_email = values.consent.email ? 1 : 0;
  return set;
}
