// The store's public surface: open, migrate, the event log and repositories.
export * from './database.ts';
export * from './migrate.ts';
export * from './schema.ts';
export * from './event-store.ts';
export * from './log-follower.ts';
export type { EventCatalogue } from './event-catalogue.ts';
export * from './user-repository.ts';
export * from './session-repository.ts';
export * from './api-token-repository.ts';
export * from './audit-repository.ts';
export * from './sip-extension-repository.ts';
export * from './secret-repository.ts';
export * from './call-record-repository.ts';
export * from './ivr-flow-repository.ts';
