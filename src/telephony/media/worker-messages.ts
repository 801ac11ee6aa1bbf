// Messages between the engine and its workers: the media port's commands and events plus what only the engine needs.
import type { MediaCommand } from './media-commands.ts';
import type { MediaEvent, MediaReply } from './media-events.ts';

/** Fixed for a worker's life; passed as workerData. */
export interface WorkerSettings {
  /** Local address the RTP sockets bind to. */
  readonly bindAddress: string;
  /** Address peers reach us on (written into SDP). */
  readonly advertisedAddress: string;
  readonly inactivityTimeoutMs: number;
  readonly holdTimeoutMs: number;
  readonly qualityIntervalMs: number;
  readonly latching: boolean;
  /** Mean RTCP report interval (RFC 3550 §6.2 recommends 5 s minimum). */
  readonly rtcpIntervalMs: number;
  /**
   * RTP sockets and recording writes: 'native' (native/hotline-media.c; refused when not built),
   * 'node' (dgram and fs.write), or 'auto' (native when built). Default 'auto'.
   */
  readonly io?: MediaIo;
}

export type MediaIo = 'auto' | 'native' | 'node';

/** endpoint.create carries the RTP port the engine allocated. */
export interface CommandMessage {
  readonly kind: 'command';
  readonly command: MediaCommand;
  readonly rtpPort?: number;
}

export type ToWorker =
  | CommandMessage
  /**
   * Commands issued in one turn of the event loop, sent as one message: each postMessage costs a
   * structured clone and a wake-up of the other thread, which at a thousand calls a second was
   * 8 % of the main thread.
   */
  | { readonly kind: 'commands'; readonly commands: readonly CommandMessage[] }
  | { readonly kind: 'shutdown' };

/** How busy a worker is, reported every second; the engine places new calls by it. */
export interface WorkerLoad {
  readonly endpoints: number;
  readonly recordings: number;
  /** Share of time the worker's event loop was busy over the last second (0-1), wall time. */
  readonly utilization: number;
  /**
   * Share of one core the worker's thread used over the last second (0-1): unlike utilization,
   * not raised by waiting for a core on a busy host. Absent where the thread's time cannot be read.
   */
  readonly cpu?: number;
  /** Ticks that ran more than a period late since the worker started. */
  readonly lateTicks: number;
  readonly maxTickLatenessMs: number;
}

export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'reply'; readonly reply: MediaReply }
  | { readonly kind: 'event'; readonly event: MediaEvent }
  | { readonly kind: 'load'; readonly load: WorkerLoad }
  | { readonly kind: 'closed' }
  /** Replies and events of one turn of the worker's loop, in order. */
  | { readonly kind: 'batch'; readonly messages: readonly FromWorker[] };
