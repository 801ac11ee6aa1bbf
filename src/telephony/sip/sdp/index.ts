// The SDP layer's public surface: the session description model, parse/serialize, offer/answer (RFC 3264).
export { SdpError, isSdpError } from './sdp-error.ts';
export type { SdpErrorCode, SdpErrorOptions, SdpResult } from './sdp-error.ts';
export {
  DEFAULT_TELEPHONE_EVENTS,
  TELEPHONE_EVENT,
  audioCodecNames,
  audioCodecs,
  findAudioCodec,
  formatEventList,
  parseEventList,
  staticEncoding,
} from './codecs.ts';
export type { AudioCodec, AudioCodecName, AudioCodecSpec, Encoding } from './codecs.ts';
export {
  answerDirection,
  directionAfterAnswer,
  directions,
  isAllowedAnswer,
  receives,
  reverseDirection,
  sends,
} from './direction.ts';
export type { Direction } from './direction.ts';
export type {
  AddressType,
  Connection,
  MediaDescription,
  RtcpAttribute,
  RtpPayload,
} from './media-description.ts';
export { effectiveConnection, effectiveDirection } from './media-description.ts';
export { createOrigin } from './session-description.ts';
export type { Origin, OriginInit, SessionDescription } from './session-description.ts';
export { MAX_MEDIA_LINES, MAX_SDP_LENGTH, parseSdp } from './sdp-parser.ts';
export { serializeSdp } from './sdp-serializer.ts';
export { DEFAULT_PTIME, DEFAULT_TELEPHONE_EVENT_PT, resolveSdpConfig } from './sdp-config.ts';
export type {
  MediaEndpoint,
  SdpConfig,
  SdpConfigInput,
  TelephoneEventConfig,
} from './sdp-config.ts';
export type { NegotiatedMedia, RemoteHold } from './negotiated-media.ts';
export { answerOffer } from './sdp-answer.ts';
export type { Answer, AnswerOptions } from './sdp-answer.ts';
export { createOffer } from './sdp-offer.ts';
export type { OfferOptions } from './sdp-offer.ts';
export { processAnswer } from './answer-processing.ts';
export type { AnswerOutcome } from './answer-processing.ts';
export { OfferAnswerSession, offerAnswerStates } from './offer-answer-session.ts';
export type {
  AnswerApplied,
  OfferAnswerSessionInit,
  OfferAnswerState,
  OfferAnswered,
  SdpToSend,
} from './offer-answer-session.ts';
