// The telephony layer's public surface: the SIP stack and what it reports.
export {
  SipStack,
  type SipStackOptions,
  type SipStackEvents,
  type RequestHandler,
} from './sip/sip-stack.ts';
export type { Binding } from './sip/ua/location-service.ts';
export { ha1 } from './sip/auth/index.ts';
export type { BoundAddress } from './sip/transport/index.ts';
export type {
  LegEndCause,
  LegId,
  LegSource,
  OriginateTarget,
  TelephonyCommand,
  TelephonyEvent,
  TelephonyPort,
} from './telephony-port.ts';
