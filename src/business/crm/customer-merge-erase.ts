// Merging duplicates and erasing on request, each inside the caller's
// transaction. A merge keeps all history: the duplicate's phones, tags and
// interactions move to the survivor, and its id resolves to the survivor from
// then on. An erase removes personal fields but keeps the rows that
// statistics count (the customer's id, tier and interactions).
import { HotlineError } from '../../platform/index.ts';
import type { EventCatalogue, Executor, WriteContext } from '../../store/index.ts';
import { customerTiers } from './customer.ts';
import {
  customerRepository,
  interactionRepository,
  type CustomerRow,
} from './customer-repository.ts';
import { documentKey, emailKey } from './customer-fields.ts';
import { customerStream } from './crm-events.ts';
import type { CustomerChange } from './customer-directory.ts';

type Write = WriteContext<EventCatalogue>;

async function live(db: Executor, id: number, field: string): Promise<CustomerRow> {
  const row = await customerRepository.resolve(db, id);
  if (!row) throw new HotlineError('not-found', `No customer ${id}.`, { field });
  if (row.erased_at !== null)
    throw new HotlineError('conflict', `Customer ${row.id} was erased.`, { field });
  return row;
}

/** Returns the survivor's id. */
export async function mergeCustomers(
  w: Write,
  change: CustomerChange,
  input: { survivorId: number; duplicateId: number; at: number },
): Promise<number> {
  const survivor = await live(w.trx, input.survivorId, 'params.id');
  const duplicate = await live(w.trx, input.duplicateId, 'body.duplicateId');
  if (survivor.id === duplicate.id)
    throw new HotlineError(
      'conflict',
      `Customer ${input.duplicateId} is already customer ${survivor.id}: nothing to merge.`,
      { field: 'body.duplicateId' },
    );
  const phones = await customerRepository.phonesOf(w.trx, [survivor.id, duplicate.id]);
  const mergedPhones = [...(phones.get(survivor.id) ?? [])];
  for (const p of phones.get(duplicate.id) ?? [])
    if (!mergedPhones.some((m) => m.e164 === p.e164)) mergedPhones.push(p);
  const tags = [
    ...new Set([
      ...(JSON.parse(survivor.tags) as string[]),
      ...(JSON.parse(duplicate.tags) as string[]),
    ]),
  ];
  const higherTier =
    customerTiers.indexOf(duplicate.tier as never) > customerTiers.indexOf(survivor.tier as never)
      ? duplicate.tier
      : survivor.tier;
  const email = survivor.email ?? duplicate.email;
  const document = survivor.document ?? duplicate.document;
  await customerRepository.update(w.trx, survivor.id, {
    email,
    email_key: email ? emailKey(email) : null,
    document,
    document_key: document ? documentKey(document) : null,
    birthday: survivor.birthday ?? duplicate.birthday,
    language: survivor.language ?? duplicate.language,
    tier: higherTier,
    tags: JSON.stringify(tags),
    notes: [survivor.notes, duplicate.notes].filter((n) => n.trim() !== '').join('\n---\n'),
    // Consent stays only where both records gave it: a withdrawal on either one wins.
    consent_calls: survivor.consent_calls & duplicate.consent_calls,
    consent_sms: survivor.consent_sms & duplicate.consent_sms,
    consent_email: survivor.consent_email & duplicate.consent_email,
    created_at: Math.min(survivor.created_at, duplicate.created_at),
    updated_at: input.at,
  });
  await customerRepository.replacePhones(w.trx, survivor.id, mergedPhones);
  await customerRepository.replaceTags(w.trx, survivor.id, tags);
  await customerRepository.replacePhones(w.trx, duplicate.id, []);
  await customerRepository.replaceTags(w.trx, duplicate.id, []);
  await customerRepository.update(w.trx, duplicate.id, {
    merged_into: survivor.id,
    updated_at: input.at,
  });
  // Earlier merges into the duplicate now point at the survivor directly.
  await w.trx
    .updateTable('customers')
    .set({ merged_into: survivor.id })
    .where('merged_into', '=', duplicate.id)
    .execute();
  const movedInteractions = await interactionRepository.move(w.trx, duplicate.id, survivor.id);
  const movedPhones = mergedPhones.length - (phones.get(survivor.id)?.length ?? 0);
  await w.append('customer.merged', customerStream(survivor.id), {
    survivorId: survivor.id,
    mergedId: duplicate.id,
    by: change.by,
    movedPhones,
    movedInteractions,
  });
  await change.audit(w.trx, {
    action: 'customer.merge',
    resource: 'customers',
    resourceId: survivor.id,
    details: { mergedId: duplicate.id, movedPhones, movedInteractions },
  });
  return survivor.id;
}

/** Returns the erased customer's id (a merged id resolves to its survivor first). */
export async function eraseCustomer(
  w: Write,
  change: CustomerChange,
  input: { id: number; at: number; reason?: string | undefined },
): Promise<number> {
  const row = await customerRepository.resolve(w.trx, input.id);
  if (!row) throw new HotlineError('not-found', `No customer ${input.id}.`, { field: 'params.id' });
  if (row.erased_at !== null) return row.id;
  const mergedIds = await customerRepository.mergedInto(w.trx, row.id);
  for (const id of [row.id, ...mergedIds]) {
    await customerRepository.update(w.trx, id, {
      name: '',
      name_key: '',
      email: null,
      email_key: null,
      document: null,
      document_key: null,
      birthday: null,
      tags: '[]',
      notes: '',
      consent_calls: 0,
      consent_sms: 0,
      consent_email: 0,
      erased_at: input.at,
      updated_at: input.at,
    });
    await customerRepository.replacePhones(w.trx, id, []);
    await customerRepository.replaceTags(w.trx, id, []);
    // The interactions stay for statistics; the number the customer called from goes.
    for (const interaction of await interactionRepository.forCustomer(w.trx, id)) {
      const details = JSON.parse(interaction.details) as Record<string, unknown>;
      if (details.callerE164 !== undefined) {
        details.callerE164 = null;
        await interactionRepository.setDetails(w.trx, interaction.id, JSON.stringify(details));
      }
    }
  }
  await w.append('customer.erased', customerStream(row.id), {
    customerId: row.id,
    mergedIds,
    by: change.by,
  });
  await change.audit(w.trx, {
    action: 'customer.erase',
    resource: 'customers',
    resourceId: row.id,
    details: { mergedIds, ...(input.reason ? { reason: input.reason } : {}) },
  });
  return row.id;
}
