// The SIP user-agent roles' public surface: the registrar side (extensions) and the client side (trunks: registration, keep-alive).
export { LocationService } from './location-service.ts';
export { Registrar, type RegistrarPolicy } from './registrar.ts';
export {
  OverloadGuard,
  overloadReasons,
  type OverloadGuardOptions,
  type OverloadReason,
} from './overload-guard.ts';
export {
  RegistrationClient,
  refreshDelayMs,
  registrationEvents,
  registrationStates,
  registrationTransitions,
  type RegistrationClientEvents,
  type RegistrationClientOptions,
  type RegistrationEvent,
  type RegistrationState,
  type RegistrationStatus,
} from './registration-client.ts';
export {
  OptionsMonitor,
  answeredUp,
  peerStates,
  peerTransitions,
  type OptionsMonitorEvents,
  type OptionsMonitorOptions,
  type PeerState,
  type PeerStatus,
} from './options-monitor.ts';
export {
  outcomeStatus,
  sendOutOfDialog,
  type OutOfDialogSend,
  type RequestOutcome,
  type SentOutcome,
} from './out-of-dialog-request.ts';
