// Typed refusals of the media port: a stable media code, mapped onto the platform's error codes.
import { HotlineError } from '../../platform/index.ts';
import type { ErrorCode } from '../../platform/index.ts';

export const mediaErrorCodes = [
  'ports-exhausted', // every RTP/RTCP port pair of the range is in use
  'port-in-use', // another process holds the port pair the engine picked (retried internally)
  'overloaded', // every worker is past its load limit
  'unknown-endpoint',
  'unknown-recording',
  'unknown-mixer',
  'duplicate-id', // an endpoint, recording or mixer of that id exists already
  'invalid-command', // a command that is not of the protocol, or a field out of range
  'not-supported', // a codec or mode this engine does not implement
  'different-workers', // two endpoints of different calls cannot meet in one bridge or mixer
  'file-unreadable', // a prompt that cannot be read or decoded
  'file-unwritable', // a recording path that cannot be created or written
  'worker-failed', // the worker serving the request crashed before answering
  'closed', // the engine is shutting down
] as const;

export type MediaErrorCode = (typeof mediaErrorCodes)[number];

const platformCode: Record<MediaErrorCode, ErrorCode> = {
  'ports-exhausted': 'unavailable',
  'port-in-use': 'unavailable',
  overloaded: 'unavailable',
  'unknown-endpoint': 'not-found',
  'unknown-recording': 'not-found',
  'unknown-mixer': 'not-found',
  'duplicate-id': 'conflict',
  'invalid-command': 'invalid-input',
  'not-supported': 'invalid-input',
  'different-workers': 'conflict',
  'file-unreadable': 'invalid-input',
  'file-unwritable': 'unavailable',
  'worker-failed': 'unavailable',
  closed: 'unavailable',
};

export function isMediaErrorCode(value: unknown): value is MediaErrorCode {
  return typeof value === 'string' && (mediaErrorCodes as readonly string[]).includes(value);
}

/** An expected refusal from the media engine; `mediaCode` says which, `code` how edges map it. */
export class MediaError extends HotlineError {
  readonly mediaCode: MediaErrorCode;

  constructor(mediaCode: MediaErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(platformCode[mediaCode], message, options);
    this.name = 'MediaError';
    this.mediaCode = mediaCode;
  }
}

export function isMediaError(error: unknown, code?: MediaErrorCode): error is MediaError {
  return error instanceof MediaError && (code === undefined || error.mediaCode === code);
}

/** The refusals that mean "no room for a new call now, try again soon": SIP answers them 503. */
export const mediaOverloadCodes = ['ports-exhausted', 'overloaded', 'worker-failed'] as const;

export function isMediaOverload(error: unknown): error is MediaError {
  return (
    error instanceof MediaError &&
    (mediaOverloadCodes as readonly MediaErrorCode[]).includes(error.mediaCode)
  );
}
