// The CRM's events in the log (stream `customer:<id>`). They name what changed,
// never the personal values: the log is append-only, and a customer erased on
// request must leave no name, number or document behind in it.
import type { StoredEvent } from '../../store/index.ts';

export interface CrmEvents {
  'customer.created': {
    customerId: number;
    by: string;
    source: 'api' | 'import' | 'seed';
    /** The fields given (names only). */
    fields: string[];
  };
  'customer.updated': { customerId: number; by: string; fields: string[] };
  /** `mergedId` now resolves to `survivorId`; its phones, tags and interactions moved there. */
  'customer.merged': {
    survivorId: number;
    mergedId: number;
    by: string;
    movedPhones: number;
    movedInteractions: number;
  };
  /** Personal fields removed (of the customer and of those merged into it); statistics kept. */
  'customer.erased': { customerId: number; mergedIds: number[]; by: string };
  /** A call joins the customer's timeline (created from the call, or picked on the screen pop). */
  'customer.call-linked': { customerId: number; callId: string; by: string };
}

export const crmEventTypes = [
  'customer.created',
  'customer.updated',
  'customer.merged',
  'customer.erased',
  'customer.call-linked',
] as const satisfies readonly (keyof CrmEvents)[];

declare module '../../store/event-catalogue.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging the CRM events into the open catalogue
  interface EventCatalogue extends CrmEvents {}
}

export type CrmEvent = StoredEvent<CrmEvents>;

export function customerStream(customerId: number): string {
  return `customer:${customerId}`;
}
