// The telephony layer's public surface: the SIP stack and what it reports.
export {
  SipStack,
  type SipStackOptions,
  type SipStackEvents,
  type RequestHandler,
} from './sip/sip-stack.ts';
export type { Binding } from './sip/ua/location-service.ts';
export { overloadReasons, type OverloadReason } from './sip/ua/overload-guard.ts';
export { ha1 } from './sip/auth/index.ts';
export type { BoundAddress } from './sip/transport/index.ts';
export type {
  LegEndCause,
  LegId,
  LegSource,
  OriginateTarget,
  PromptRef,
  PromptResolver,
  RemoteAnswerFailure,
  TelephonyCommand,
  TelephonyEvent,
  TelephonyPort,
} from './telephony-port.ts';
export { DialogLayer } from './sip/dialog/index.ts';
export { resolveSdpConfig } from './sip/sdp/index.ts';
export { MediaEngine, type MediaPort } from './media/index.ts';
export { SipTelephony, type SipTelephonyOptions, type TrunkPeer } from './sip-telephony.ts';
export {
  LiveTrunkDirectory,
  StaticTrunkDirectory,
  TrunkManager,
  inboundPeer,
  inboundUsernameClashes,
  type Trunk,
  type TrunkDirectory,
  type TrunkManagerEvents,
  type TrunkStatus,
} from './trunks/index.ts';
export {
  PromptLibrary,
  EspeakTts,
  readWavInfo,
  convertUpload,
  UPLOAD_FORMATS,
  type UploadFormat,
  type PromptLibraryOptions,
  type EspeakTtsOptions,
} from './prompts/index.ts';
