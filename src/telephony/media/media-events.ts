// The media port's replies (one per command, by requestId) and events (media engine → call model): plain JSON data.
import type { MediaCommandType } from './media-commands.ts';
import type { MediaErrorCode } from './media-error.ts';

/** Receive and send figures of one endpoint (RFC 3550 §6.4 and A.3, A.8), with an E-model MOS. */
export interface QualityReport {
  readonly packetsReceived: number;
  /** RFC 3550 A.3: highest extended sequence number - first + 1. */
  readonly packetsExpected: number;
  /** Cumulative; negative with duplicates, as RFC 3550 §6.4.1 allows. */
  readonly packetsLost: number;
  /** packetsLost / packetsExpected, 0 to 1. */
  readonly lossRatio: number;
  /** RFC 3550 A.8 interarrival jitter, in ms. */
  readonly jitterMs: number;
  /** From RTCP receiver reports (RFC 3550 §6.4.1 LSR/DLSR), when the peer sends them. */
  readonly roundTripMs?: number;
  /** Loss the peer reports about what we send (its RTCP receiver report), 0 to 1. */
  readonly remoteLossRatio?: number;
  readonly packetsSent: number;
  /** Packets that were not RTP or RTCP we could parse; dropped. */
  readonly malformed: number;
  /** Packets from another source than the latched one, or of a payload type not negotiated; dropped. */
  readonly foreign: number;
  /** Simplified ITU-T G.107 E-model estimate, 1 to 4.4 for G.711. */
  readonly mos: number;
}

export interface LocalMedia {
  /** The address to write in our SDP c= line. */
  readonly address: string;
  readonly port: number;
  readonly rtcpPort: number;
}

export interface EndpointCreatedReply {
  readonly type: 'endpoint.created';
  readonly requestId: string;
  readonly endpointId: string;
  readonly local: LocalMedia;
}

export interface EndpointDestroyedReply {
  readonly type: 'endpoint.destroyed';
  readonly requestId: string;
  readonly endpointId: string;
  readonly quality: QualityReport;
}

export interface DoneReply {
  readonly type: 'done';
  readonly requestId: string;
}

/** The command was refused or failed; nothing changed unless the message says otherwise. */
export interface RefusedReply {
  readonly type: 'refused';
  readonly requestId: string;
  readonly command?: MediaCommandType;
  readonly code: MediaErrorCode;
  readonly message: string;
}

export type MediaReply = EndpointCreatedReply | EndpointDestroyedReply | DoneReply | RefusedReply;

/** What a successful command resolves to. */
export type MediaResultOf<T extends MediaCommandType> = T extends 'endpoint.create'
  ? EndpointCreatedReply
  : T extends 'endpoint.destroy'
    ? EndpointDestroyedReply
    : DoneReply;

export interface DtmfEvent {
  readonly type: 'dtmf';
  readonly endpointId: string;
  readonly digit: string;
  readonly durationMs: number;
  readonly source: 'rfc4733' | 'inband';
  /** When the digit started, ms since the epoch. */
  readonly at: number;
}

export interface DtmfSentEvent {
  readonly type: 'dtmf.sent';
  readonly endpointId: string;
  readonly digits: string;
}

export const playEndReasons = [
  'completed',
  'stopped',
  'dtmf',
  'replaced',
  'destroyed',
  'error',
] as const;
export type PlayEndReason = (typeof playEndReasons)[number];

export interface PlayFinishedEvent {
  readonly type: 'play.finished';
  readonly endpointId: string;
  readonly playId: string;
  readonly reason: PlayEndReason;
  /** Audio actually sent, in ms. */
  readonly playedMs: number;
  /** With reason 'dtmf': the digit that stopped it. */
  readonly digit?: string;
}

export interface RecordingChannelInfo {
  readonly endpointId: string;
  readonly legId: string;
  readonly source: 'received' | 'sent';
}

/** Everything storage needs to file the recording. */
export interface RecordFinishedEvent {
  readonly type: 'record.finished';
  readonly recordingId: string;
  readonly callId: string;
  readonly path: string;
  readonly reason: 'stopped' | 'endpoint-destroyed' | 'error';
  /** ms since the epoch when recording began. */
  readonly startedAt: number;
  /** Length of the audio in the file. */
  readonly durationMs: number;
  /** Time spent paused (written as silence or skipped, per pauseMode). */
  readonly pausedMs: number;
  readonly channels: 1 | 2;
  readonly sampleRate: 8000;
  readonly bitsPerSample: 16;
  /** File size, header included. */
  readonly bytes: number;
  readonly left: RecordingChannelInfo;
  readonly right?: RecordingChannelInfo;
  readonly error?: string;
}

export interface QualityEvent {
  readonly type: 'quality';
  readonly endpointId: string;
  readonly callId: string;
  readonly legId: string;
  readonly report: QualityReport;
}

/** No RTP for the configured time: the leg is probably dead (reported once until media returns). */
export interface EndpointInactiveEvent {
  readonly type: 'endpoint.inactive';
  readonly endpointId: string;
  readonly callId: string;
  readonly legId: string;
  readonly silentMs: number;
  /** True when the hold timeout applied (the peer was not supposed to send). */
  readonly onHold: boolean;
}

/** The endpoint is gone without a destroy (its worker crashed): the call model decides what follows. */
export interface EndpointFailedEvent {
  readonly type: 'endpoint.failed';
  readonly endpointId: string;
  readonly callId: string;
  readonly legId: string;
  readonly reason: string;
}

/** Something failed outside any command (a recording write, a worker restart). */
export interface MediaErrorEvent {
  readonly type: 'error';
  readonly code: MediaErrorCode;
  readonly message: string;
  readonly endpointId?: string;
  readonly recordingId?: string;
}

export type MediaEvent =
  | DtmfEvent
  | DtmfSentEvent
  | PlayFinishedEvent
  | RecordFinishedEvent
  | QualityEvent
  | EndpointInactiveEvent
  | EndpointFailedEvent
  | MediaErrorEvent;

/** The events by type, for a TypedEmitter. */
export type MediaEventMap = { [E in MediaEvent as E['type']]: E };
