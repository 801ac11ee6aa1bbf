// Checks a value received as a media command field by field: a worker never acts on half-valid input.
import { directions } from '../sip/sdp/index.ts';
import { isDtmfDigits } from './dtmf-digits.ts';
import {
  dtmfSendModes,
  mediaCommandTypes,
  mixerModes,
  recordPauseModes,
} from './media-commands.ts';
import type { MediaCommand } from './media-commands.ts';
import { MediaError } from './media-error.ts';

type Json = Record<string, unknown>;

function fail(message: string): never {
  throw new MediaError('invalid-command', message);
}

function object(value: unknown, name: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`${name} must be an object.`);
  return value as Json;
}

function id(o: Json, key: string): string {
  const value = o[key];
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    fail(`${key} must be a non-empty string of at most 256 characters.`);
  }
  return value;
}

function optionalNumber(o: Json, key: string, min: number, max: number): void {
  const value = o[key];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(`${key} must be a number from ${min} to ${max}.`);
  }
}

function integer(o: Json, key: string, min: number, max: number): void {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${key} must be a whole number from ${min} to ${max}.`);
  }
}

function optionalBoolean(o: Json, key: string): void {
  if (o[key] !== undefined && typeof o[key] !== 'boolean') fail(`${key} must be true or false.`);
}

function oneOf(o: Json, key: string, allowed: readonly string[], optional: boolean): void {
  const value = o[key];
  if (value === undefined && optional) return;
  if (typeof value !== 'string' || !allowed.includes(value))
    fail(`${key} must be one of ${allowed.join(', ')}.`);
}

function media(value: unknown): void {
  const m = object(value, 'media');
  const remote = object(m.remote, 'media.remote');
  if (typeof remote.address !== 'string' || remote.address.length === 0)
    fail('media.remote.address must be an IP address.');
  integer(remote, 'port', 0, 65535);
  if (remote.rtcpPort !== undefined) integer(remote, 'rtcpPort', 1, 65535);
  if (typeof m.rtcpMux !== 'boolean') fail('media.rtcpMux must be true or false.');
  const codec = object(m.codec, 'media.codec');
  if (typeof codec.name !== 'string') fail('media.codec.name must be a codec name such as PCMU.');
  integer(codec, 'payloadType', 0, 127);
  integer(codec, 'clockRate', 1, 192000);
  if (m.telephoneEvent !== undefined) {
    const te = object(m.telephoneEvent, 'media.telephoneEvent');
    integer(te, 'payloadType', 0, 127);
    if (te.receivePayloadType !== undefined) integer(te, 'receivePayloadType', 0, 127);
  }
  integer(m, 'ptime', 1, 1000);
  oneOf(m, 'direction', directions, false);
}

function recordChannel(value: unknown, name: string): void {
  const c = object(value, name);
  id(c, 'endpointId');
  oneOf(c, 'source', ['received', 'sent'], true);
}

function playFile(value: unknown): void {
  if (typeof value === 'string') {
    if (value.length === 0) fail('files must be non-empty paths.');
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('files must be paths or {path, growing} objects.');
  const f = value as Json;
  if (typeof f.path !== 'string' || f.path.length === 0)
    fail('files[].path must be a non-empty path.');
  if (f.growing !== undefined && typeof f.growing !== 'boolean')
    fail('files[].growing must be true or false.');
}

/** Returns the value as a MediaCommand, or throws MediaError('invalid-command') saying what is wrong. */
export function parseMediaCommand(value: unknown): MediaCommand {
  const c = object(value, 'command');
  oneOf(c, 'type', mediaCommandTypes, false);
  id(c, 'requestId');
  const command = c as unknown as MediaCommand;
  switch (command.type) {
    case 'endpoint.create': {
      id(c, 'endpointId');
      id(c, 'callId');
      id(c, 'legId');
      if (c.media !== undefined) media(c.media);
      if (c.options !== undefined) {
        const o = object(c.options, 'options');
        optionalBoolean(o, 'inbandDtmf');
        optionalBoolean(o, 'latching');
        optionalNumber(o, 'inactivityTimeoutMs', 0, 86_400_000);
        optionalNumber(o, 'holdTimeoutMs', 0, 86_400_000);
        optionalNumber(o, 'qualityIntervalMs', 0, 86_400_000);
      }
      break;
    }
    case 'endpoint.update':
      id(c, 'endpointId');
      media(c.media);
      break;
    case 'endpoint.destroy':
    case 'play.stop':
    case 'unbridge':
      id(c, 'endpointId');
      break;
    case 'play': {
      id(c, 'endpointId');
      id(c, 'playId');
      const files = c.files;
      if (!Array.isArray(files) || files.length === 0 || files.length > 100)
        fail('files must list 1 to 100 paths.');
      for (const f of files) playFile(f);
      optionalBoolean(c, 'loop');
      optionalBoolean(c, 'stopOnDtmf');
      break;
    }
    case 'play.source.complete':
    case 'play.source.failed':
      id(c, 'endpointId');
      if (typeof c.path !== 'string' || c.path.length === 0) fail('path must be a non-empty path.');
      if (command.type === 'play.source.complete') integer(c, 'bytes', 0, 2 ** 32);
      break;
    case 'dtmf.send':
      id(c, 'endpointId');
      if (typeof c.digits !== 'string' || c.digits.length > 64 || !isDtmfDigits(c.digits)) {
        fail('digits must be 1 to 64 of 0-9 * # A-D.');
      }
      optionalNumber(c, 'durationMs', 40, 5000);
      optionalNumber(c, 'gapMs', 0, 5000);
      oneOf(c, 'mode', dtmfSendModes, true);
      break;
    case 'record.start':
      id(c, 'recordingId');
      if (typeof c.path !== 'string' || !c.path.startsWith('/') || c.path.includes('\0')) {
        fail('path must be an absolute file path.');
      }
      recordChannel(c.left, 'left');
      if (c.right !== undefined) recordChannel(c.right, 'right');
      oneOf(c, 'pauseMode', recordPauseModes, true);
      break;
    case 'record.pause':
    case 'record.resume':
    case 'record.stop':
      id(c, 'recordingId');
      break;
    case 'bridge': {
      const ids = c.endpointIds;
      if (
        !Array.isArray(ids) ||
        ids.length !== 2 ||
        ids.some((e) => typeof e !== 'string' || e.length === 0)
      ) {
        fail('endpointIds must name two endpoints.');
      }
      if (ids[0] === ids[1]) fail('An endpoint cannot be bridged to itself.');
      break;
    }
    case 'mixer.create':
      id(c, 'mixerId');
      id(c, 'callId');
      break;
    case 'mixer.join': {
      id(c, 'mixerId');
      id(c, 'endpointId');
      oneOf(c, 'mode', mixerModes, false);
      const targets = c.whisperTo;
      if (
        targets !== undefined &&
        (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string'))
      ) {
        fail('whisperTo must list endpoint ids.');
      }
      break;
    }
    case 'mixer.leave':
      id(c, 'mixerId');
      id(c, 'endpointId');
      break;
    case 'mixer.destroy':
      id(c, 'mixerId');
      break;
  }
  return command;
}
