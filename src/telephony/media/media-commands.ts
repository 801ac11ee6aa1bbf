// The media port's commands (call model → media engine): plain JSON data, so an rtpengine adapter can serve them too.
import type { NegotiatedMedia } from '../sip/sdp/index.ts';

/** Per-endpoint tuning; every field has a default. */
export interface EndpointOptions {
  /** Detect DTMF tones in received audio (Goertzel). Default: only when telephone-event is not negotiated. */
  readonly inbandDtmf?: boolean;
  /** RTP silence (ms) before `endpoint.inactive` while the peer should send to us. Default 30000; 0 disables. */
  readonly inactivityTimeoutMs?: number;
  /** The same while the peer holds the call (our direction does not receive). Default 3600000; 0 disables. */
  readonly holdTimeoutMs?: number;
  /** Symmetric RTP (RFC 4961): send to where the peer's media really comes from. Default true. */
  readonly latching?: boolean;
  /** Period of `quality` events in ms; 0 reports quality only when the endpoint is destroyed. Default 5000. */
  readonly qualityIntervalMs?: number;
}

/**
 * Opens an RTP/RTCP port pair for one leg. `media` (the offer/answer result) may come later through
 * `endpoint.update`: an offerer needs our port before it knows the peer's.
 */
export interface EndpointCreateCommand {
  readonly type: 'endpoint.create';
  readonly requestId: string;
  readonly endpointId: string;
  /** Endpoints of one call share a worker, so they can be bridged and mixed without copies. */
  readonly callId: string;
  readonly legId: string;
  readonly media?: NegotiatedMedia;
  readonly options?: EndpointOptions;
}

/** A new offer/answer result: remote address, codec, or direction (hold is a direction, RFC 3264 §8.4). */
export interface EndpointUpdateCommand {
  readonly type: 'endpoint.update';
  readonly requestId: string;
  readonly endpointId: string;
  readonly media: NegotiatedMedia;
}

/** Closes the port pair; stops its playback, DTMF, bridge, mixer seat and recordings (cascade). */
export interface EndpointDestroyCommand {
  readonly type: 'endpoint.destroy';
  readonly requestId: string;
  readonly endpointId: string;
}

/**
 * A file of a playlist. `growing`: its writer is still appending to it (streamed TTS); it is read
 * as it grows, its header's sizes are not trusted, and it must be 8 kHz mono (PCM16, u-law or
 * A-law). Where the writer is behind, the playback waits (sends nothing) and resumes. A
 * `play.source.complete` or `play.source.failed` naming the path ends the wait for good.
 */
export interface PlayFile {
  readonly path: string;
  readonly growing?: boolean;
}

/**
 * Plays WAV files (PCM16, u-law or A-law; 8 or 16 kHz or other rates, resampled) one after the
 * other. A new `play` on the same endpoint replaces the current one. While an endpoint plays,
 * what a bridge or mixer would send to it is not sent (the prompt wins).
 */
export interface PlayCommand {
  readonly type: 'play';
  readonly requestId: string;
  readonly endpointId: string;
  /** Chosen by the caller; names the playback in `play.finished`. */
  readonly playId: string;
  /** Paths, or files with options (a growing file). */
  readonly files: readonly (string | PlayFile)[];
  /** Start the list again when it ends (music on hold) until stopped. Default false. */
  readonly loop?: boolean;
  /** Barge-in: the first DTMF digit (start of event) stops playback. Default false. */
  readonly stopOnDtmf?: boolean;
}

export interface PlayStopCommand {
  readonly type: 'play.stop';
  readonly requestId: string;
  readonly endpointId: string;
}

/**
 * The growing file `path` that the endpoint's playback reads is complete: its final size is
 * `bytes` (the whole file, header included). The playback plays to there and ends. Without a
 * playback reading that path (it ended, or was replaced) nothing happens.
 */
export interface PlaySourceCompleteCommand {
  readonly type: 'play.source.complete';
  readonly requestId: string;
  readonly endpointId: string;
  readonly path: string;
  readonly bytes: number;
}

/** The growing file `path` will never be complete (its render failed): the playback ends with reason `error`. */
export interface PlaySourceFailedCommand {
  readonly type: 'play.source.failed';
  readonly requestId: string;
  readonly endpointId: string;
  readonly path: string;
}

export const dtmfSendModes = ['auto', 'rfc4733', 'inband'] as const;
export type DtmfSendMode = (typeof dtmfSendModes)[number];

/** Sends digits 0-9 * # A-D. `auto`: RFC 4733 when negotiated, else tones in the audio. */
export interface DtmfSendCommand {
  readonly type: 'dtmf.send';
  readonly requestId: string;
  readonly endpointId: string;
  readonly digits: string;
  /** Tone length per digit. Default 100 ms (40-5000). */
  readonly durationMs?: number;
  /** Pause between digits. Default 60 ms. */
  readonly gapMs?: number;
  readonly mode?: DtmfSendMode;
}

/** One recording channel: the audio an endpoint receives from its peer, or what we send to it. */
export interface RecordChannel {
  readonly endpointId: string;
  /** Default 'received'. 'sent' records what the peer hears from us (prompts, the other leg). */
  readonly source?: 'received' | 'sent';
}

export const recordPauseModes = ['silence', 'skip'] as const;
export type RecordPauseMode = (typeof recordPauseModes)[number];

/**
 * Records a call as a 16-bit 8 kHz WAV: stereo with `left` (the customer) and `right` (the
 * agent), mono when `right` is absent. Both channels stay aligned on the engine's 20 ms clock.
 */
export interface RecordStartCommand {
  readonly type: 'record.start';
  readonly requestId: string;
  /** Chosen by the caller; names the recording in later commands and in `record.finished`. */
  readonly recordingId: string;
  /** Absolute path of the WAV file to create (its folder must exist). */
  readonly path: string;
  readonly left: RecordChannel;
  readonly right?: RecordChannel;
  /**
   * While paused (card numbers): 'silence' (default) writes silence so the file's timeline stays
   * the call's; 'skip' writes nothing, so the file is shorter than the call.
   */
  readonly pauseMode?: RecordPauseMode;
}

export interface RecordControlCommand {
  readonly type: 'record.pause' | 'record.resume' | 'record.stop';
  readonly requestId: string;
  readonly recordingId: string;
}

/**
 * Connects two endpoints of one call: RTP is relayed with SSRC, sequence and timestamp rewritten
 * (no decoding) when both use the same codec and ptime; transcoded otherwise. DTMF events are
 * relayed when both sides negotiated telephone-event. An endpoint already bridged is unbridged first.
 */
export interface BridgeCommand {
  readonly type: 'bridge';
  readonly requestId: string;
  readonly endpointIds: readonly [string, string];
}

export interface UnbridgeCommand {
  readonly type: 'unbridge';
  readonly requestId: string;
  /** Either side of the bridge. */
  readonly endpointId: string;
}

/**
 * How a mixer seat hears and is heard. Everyone hears every other seat that is heard by them:
 * - full: a conference participant, heard by all.
 * - listen: a supervisor listening in; heard by none.
 * - whisper: a supervisor coaching; heard only by the seats in `whisperTo` (the agent).
 * - barge: a supervisor joining the conversation; heard by all (routes as `full`, named apart so
 *   reports can tell a barge-in from a participant).
 */
export const mixerModes = ['full', 'listen', 'whisper', 'barge'] as const;
export type MixerMode = (typeof mixerModes)[number];

export interface MixerCreateCommand {
  readonly type: 'mixer.create';
  readonly requestId: string;
  readonly mixerId: string;
  /** The mixer lives in this call's worker; only endpoints of this call can join it. */
  readonly callId: string;
}

/** Seats an endpoint (leaving any bridge it was in) or changes its mode when seated already. */
export interface MixerJoinCommand {
  readonly type: 'mixer.join';
  readonly requestId: string;
  readonly mixerId: string;
  readonly endpointId: string;
  readonly mode: MixerMode;
  /** For `whisper`: the endpoints that hear this seat. */
  readonly whisperTo?: readonly string[];
}

export interface MixerLeaveCommand {
  readonly type: 'mixer.leave';
  readonly requestId: string;
  readonly mixerId: string;
  readonly endpointId: string;
}

export interface MixerDestroyCommand {
  readonly type: 'mixer.destroy';
  readonly requestId: string;
  readonly mixerId: string;
}

export type MediaCommand =
  | EndpointCreateCommand
  | EndpointUpdateCommand
  | EndpointDestroyCommand
  | PlayCommand
  | PlayStopCommand
  | PlaySourceCompleteCommand
  | PlaySourceFailedCommand
  | DtmfSendCommand
  | RecordStartCommand
  | RecordControlCommand
  | BridgeCommand
  | UnbridgeCommand
  | MixerCreateCommand
  | MixerJoinCommand
  | MixerLeaveCommand
  | MixerDestroyCommand;

export type MediaCommandType = MediaCommand['type'];

export const mediaCommandTypes = [
  'endpoint.create',
  'endpoint.update',
  'endpoint.destroy',
  'play',
  'play.stop',
  'play.source.complete',
  'play.source.failed',
  'dtmf.send',
  'record.start',
  'record.pause',
  'record.resume',
  'record.stop',
  'bridge',
  'unbridge',
  'mixer.create',
  'mixer.join',
  'mixer.leave',
  'mixer.destroy',
] as const satisfies readonly MediaCommandType[];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command as a caller writes it: the port fills in `requestId` when it is absent. */
export type MediaCommandInput = DistributiveOmit<MediaCommand, 'requestId'> & {
  readonly requestId?: string;
};
