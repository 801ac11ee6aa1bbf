// The API's shapes as the web client reads them, one file an area under types/ (imports go
// through here). They mirror the server's TypeBox schemas; test/browser/web-api-types.check.ts
// fails the type-check when the two drift apart.
export type * from './types/users.ts';
export type * from './types/agents.ts';
export type * from './types/calls.ts';
export type * from './types/customers.ts';
export type * from './types/queues.ts';
export type * from './types/ivr.ts';
export type * from './types/telephony.ts';
