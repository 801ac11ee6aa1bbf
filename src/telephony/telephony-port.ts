// The two narrow ports between telephony and the call center (ARCHITECTURE.md):
// TelephonyEvent flows up (a leg was offered, answered, ended, pressed a
// digit), TelephonyCommand flows down (answer, ring, hang up, originate,
// bridge). Plain data only: the core never sees SIP or sockets.

export type LegId = string;

/** Who is behind a leg, as the edge established it. */
export type LegSource =
  /** A registered extension that proved its identity (digest). */
  | { kind: 'extension'; extension: string }
  /** A configured trunk peer (by source address and/or digest). */
  | { kind: 'trunk'; trunk: string }
  /** Hotline itself placed this leg (originate). */
  | { kind: 'local' };

/** Why a leg ended, in the call center's words; the SIP status stays a detail. */
export type LegEndCause =
  | 'normal' // the far end hung up after answer
  | 'local' // we hung up
  | 'cancelled' // the caller gave up before answer
  | 'busy'
  | 'no-answer'
  | 'rejected'
  | 'unreachable'
  | 'failed'
  | 'media-timeout';

/** What to play: a catalogue prompt, text for the TTS, a file, or silence. */
export type PromptRef =
  /** A prompt of the catalogue in the given language, e.g. `welcome`, `digits/7`. */
  | { kind: 'prompt'; name: string }
  /** Free text rendered at run time (espeak-ng) and cached. */
  | { kind: 'tts'; text: string }
  /** A WAV file (an uploaded prompt, a recording). */
  | { kind: 'file'; path: string }
  | { kind: 'silence'; ms: number };

/** Turns prompt references into WAV files; the app provides it (catalogue, uploads, TTS cache). */
export interface PromptResolver {
  /** Files to play in order; rejects with a HotlineError when a prompt is unknown or TTS fails. */
  resolve(prompts: readonly PromptRef[], language: string): Promise<string[]>;
  /** Like resolve, but TTS still rendering comes as a growing file, as soon as its first audio is on disk. */
  resolveStreaming?(prompts: readonly PromptRef[], language: string): Promise<ResolvedPrompt[]>;
}

/** A finished file, or a file still being written (streamed TTS) that is played as it grows. */
export type ResolvedPrompt = string | GrowingPromptFile;

export interface GrowingPromptFile {
  readonly path: string;
  /** The file's final size in bytes once complete; rejects when the render fails. */
  readonly complete: Promise<number>;
  /** Call once the player has opened the file (or will not): only then may the render move it. */
  release(): void;
}

export type TelephonyEvent =
  | {
      type: 'leg.offered';
      legId: LegId;
      /** The number dialed (Request-URI user), normalized by the edge. */
      to: string;
      /** The caller's number and name as presented. */
      from: { number: string; displayName?: string };
      source: LegSource;
      at: number;
    }
  /**
   * An outbound leg rings (180/183). `remoteAnswer`: a ringing phone takes remote answer (its
   * early dialog listed `talk` in Allow-Events), so `leg.answer.remote` can pick it up. Told again
   * with `remoteAnswer: true` when a later fork is the first to offer it.
   */
  | { type: 'leg.ringing'; legId: LegId; remoteAnswer: boolean; at: number }
  | { type: 'leg.answered'; legId: LegId; at: number }
  | {
      type: 'leg.ended';
      legId: LegId;
      cause: LegEndCause;
      sipStatus?: number;
      by: 'local' | 'remote';
      at: number;
    }
  | {
      type: 'leg.dtmf';
      legId: LegId;
      digit: string;
      via: 'rfc4733' | 'info' | 'inband';
      at: number;
    }
  | {
      type: 'recording.finished';
      recordingId: string;
      path: string;
      /** When recording began, epoch ms. */
      startedAt: number;
      durationMs: number;
      bytes: number;
      channels: 1 | 2;
      reason: 'stopped' | 'endpoint-destroyed' | 'error';
      at: number;
    }
  /**
   * A `leg.play` ended. With barge-in, the digit that stopped it also arrives as a `leg.dtmf`
   * event first; treat that one as input and this event only as the end of playback.
   */
  | {
      type: 'leg.play.finished';
      legId: LegId;
      playId: string;
      reason: 'finished' | 'stopped' | 'dtmf' | 'failed';
      digit?: string;
      playedMs: number;
      at: number;
    }
  /**
   * The phone on the leg asked for a blind transfer (SIP REFER, RFC 3515), already accepted with
   * 202: the call model decides and answers with `leg.refer.result`.
   */
  | { type: 'leg.refer'; legId: LegId; target: string; at: number }
  | { type: 'leg.held'; legId: LegId; at: number }
  | { type: 'leg.resumed'; legId: LegId; at: number }
  /** A `leg.answer.remote` did not make the phone answer; the leg still rings (unless it ended). */
  | {
      type: 'leg.answer.remote.failed';
      legId: LegId;
      reason: RemoteAnswerFailure;
      /** The final status of the phone's refusal (489 Bad Event, 481, 408 on a timeout). */
      sipStatus?: number;
      at: number;
    };

/** Why a remote answer failed, in the call center's words. */
export type RemoteAnswerFailure =
  /** The leg is not ringing (answered, ended, or not an outbound leg). */
  | 'not-ringing'
  /** No ringing phone offered remote answer. */
  | 'not-supported'
  /** The phone refused the request (a final status other than 2xx). */
  | 'refused'
  /** The phone did not answer the request (408, or unreachable). */
  | 'no-response';

export type OriginateTarget =
  /** A registered extension: every contact it registered rings at once, the first to answer wins. */
  | { kind: 'extension'; extension: string }
  /** A number through a trunk (only ever for authenticated callers: no toll fraud). */
  | { kind: 'trunk'; trunk: string; number: string };

export type TelephonyCommand =
  | { type: 'leg.ring'; legId: LegId }
  | { type: 'leg.answer'; legId: LegId }
  /**
   * Makes a ringing phone answer an outbound leg by itself (BroadWorks remote talk: NOTIFY
   * `Event: talk` in its early dialog); only when `leg.ringing` said `remoteAnswer`. The phone's
   * answer arrives as `leg.answered`; a refusal as `leg.answer.remote.failed`.
   */
  | { type: 'leg.answer.remote'; legId: LegId }
  | {
      type: 'leg.reject';
      legId: LegId;
      reason: 'busy' | 'not-found' | 'unavailable' | 'forbidden' | 'declined';
    }
  | { type: 'leg.hangup'; legId: LegId }
  | {
      type: 'leg.originate';
      legId: LegId;
      /** The call this leg belongs to: its media lives beside the call's other legs. Default: the leg itself. */
      callId?: string;
      target: OriginateTarget;
      /** The caller ID to present. */
      from: { number: string; displayName?: string };
      /** Give up ringing after this long. */
      timeoutMs: number;
      /**
       * Ask an extension's phone to answer by itself (an agent's auto-answer): the INVITE carries
       * `Call-Info: <sip:HOST>;answer-after=0` and `Alert-Info: …;info=alert-autoanswer`.
       */
      autoAnswer?: boolean;
    }
  /** Play prompts to an answered leg; `bargeIn` stops playback at the first digit. */
  | {
      type: 'leg.play';
      legId: LegId;
      playId: string;
      prompts: readonly PromptRef[];
      language: string;
      bargeIn: boolean;
      /** Repeat until stopped (music on hold). */
      loop?: boolean;
    }
  | { type: 'leg.play.stop'; legId: LegId; playId: string }
  /** How a `leg.refer` turned out, told to the phone that asked (NOTIFY 200, or 603 refused). */
  | { type: 'leg.refer.result'; legId: LegId; accepted: boolean }
  /** Sends digits (0-9 * # A-D) to an answered leg: RFC 4733 when negotiated, else tones. */
  | { type: 'leg.dtmf.send'; legId: LegId; digits: string }
  /**
   * Record what the customer's leg receives (left channel) and, when given, what the agent's
   * leg receives (right channel) into a WAV file; both legs must be answered.
   */
  | { type: 'recording.start'; recordingId: string; path: string; customer: LegId; agent?: LegId }
  | { type: 'recording.stop'; recordingId: string }
  /**
   * Seats an answered leg in a mixer of its call (made on first use; the legs leave any bridge).
   * Everyone hears every seat heard by them: `full` and `barge` are heard by all, `listen` by
   * none, `whisper` only by the legs in `whisperTo` (a supervisor coaching the agent).
   */
  | {
      type: 'leg.mix';
      mixerId: string;
      legId: LegId;
      mode: 'full' | 'listen' | 'whisper' | 'barge';
      whisperTo?: readonly LegId[];
    }
  | { type: 'mixer.close'; mixerId: string }
  /** Connect two answered (or answering) legs' media both ways. */
  | { type: 'legs.bridge'; a: LegId; b: LegId }
  | { type: 'legs.unbridge'; a: LegId; b: LegId };

/** What the call center holds: the telephony side it commands and hears from. */
export interface TelephonyPort {
  execute(command: TelephonyCommand): void;
  onEvent(listener: (event: TelephonyEvent) => void): () => void;
}
