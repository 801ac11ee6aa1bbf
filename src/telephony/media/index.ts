// The media layer's public surface: the media port (commands, events, errors) and the embedded engine.
export type {
  BridgeCommand,
  DtmfSendCommand,
  DtmfSendMode,
  EndpointCreateCommand,
  EndpointDestroyCommand,
  EndpointOptions,
  EndpointUpdateCommand,
  MediaCommand,
  MediaCommandInput,
  MediaCommandType,
  MixerCreateCommand,
  MixerDestroyCommand,
  MixerJoinCommand,
  MixerLeaveCommand,
  MixerMode,
  PlayCommand,
  PlayFile,
  PlaySourceCompleteCommand,
  PlaySourceFailedCommand,
  PlayStopCommand,
  RecordChannel,
  RecordControlCommand,
  RecordPauseMode,
  RecordStartCommand,
  UnbridgeCommand,
} from './media-commands.ts';
export {
  dtmfSendModes,
  mediaCommandTypes,
  mixerModes,
  recordPauseModes,
} from './media-commands.ts';
export type {
  DoneReply,
  DtmfEvent,
  DtmfSentEvent,
  EndpointCreatedReply,
  EndpointDestroyedReply,
  EndpointFailedEvent,
  EndpointInactiveEvent,
  LocalMedia,
  MediaErrorEvent,
  MediaEvent,
  MediaEventMap,
  MediaReply,
  MediaResultOf,
  PlayEndReason,
  PlayFinishedEvent,
  QualityEvent,
  QualityReport,
  RecordFinishedEvent,
  RecordingChannelInfo,
  RefusedReply,
} from './media-events.ts';
export { playEndReasons } from './media-events.ts';
export {
  MediaError,
  isMediaError,
  isMediaErrorCode,
  isMediaOverload,
  mediaErrorCodes,
  mediaOverloadCodes,
} from './media-error.ts';
export type { MediaErrorCode } from './media-error.ts';
export type { MediaPort } from './media-port.ts';
export { parseMediaCommand } from './command-validation.ts';
export { MediaEngine } from './media-engine.ts';
export type { MediaEngineOptions, MediaEngineStats } from './media-engine.ts';
export type { MediaIo } from './worker-messages.ts';
export type { PortRange } from './port-allocator.ts';
export { walkWavHeader, type WavFormat, type WavHeader } from './wav-header.ts';
