// The CRM's public surface: the customer directory (with caller lookup for the
// call model and the screen pop), the interaction projector, and the demo seed.
export {
  CustomerDirectory,
  customerChange,
  type CustomerChange,
  type CustomerQuery,
  type CrmDeps,
  type Interaction,
} from './customer-directory.ts';
export * from './customer.ts';
export { customerPhoneE164, maskDocument, nameKey } from './customer-fields.ts';
export { csvColumns, type ImportReport, type ExportFilter } from './customer-csv-io.ts';
export { csvCell } from './customer-csv.ts';
export {
  CustomerInteractionProjector,
  type CallInteractionDetails,
} from './interaction-projector.ts';
export { crmEventTypes, customerStream, type CrmEvents } from './crm-events.ts';
export { demoCustomers, seedDemoCustomers, DEMO_CUSTOMER_COUNT } from './demo-customers.ts';
export { customerRepository, type NewCustomerRecord } from './customer-repository.ts';
export { newCustomerRecord } from './customer-views.ts';
