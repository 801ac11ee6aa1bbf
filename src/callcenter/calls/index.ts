// The call model's public surface (so far: the basic router).
export { BasicCallRouter, type BasicRouterOptions } from './basic-call-router.ts';
export { CallController, type CallControllerOptions } from './call-controller.ts';
export type { CallActor, BlindTransferTarget, ConsultTarget, MonitorMode } from './call-actions.ts';
export { Call, type CallData, type CallLeg, type LegRole } from './call.ts';
export * from './call-events.ts';
export * from './call-routes.ts';
export * from './call-record.ts';
export * from './call-state.ts';
export { normalizePhoneNumber, type PhoneNumber } from './phone-number.ts';
export * from './caller-lookup.ts';
