// INFO inside a dialog (RFC 6086 §4, legacy INFO without Info Packages): send one, and pass received ones up with any DTMF they carry.
import { HotlineError } from '../../../platform/index.ts';
import type { SipRequest } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import { parseDtmfInfo } from './dtmf-info.ts';
import { dialogLost, statusOf } from './in-dialog-client.ts';
import type { HeaderList } from './session-events.ts';
import type { SessionHost } from './session-host.ts';

/** Sends INFO; resolves with the final status (408 on timeout, 503 when unreachable). */
export function sendInfo(
  host: SessionHost,
  body: string | Buffer,
  contentType: string,
  headers?: HeaderList,
): Promise<number> {
  if (host.state() !== 'confirmed') {
    throw new HotlineError('conflict', `The call is ${host.state()}, not up: cannot send INFO.`);
  }
  return new Promise((resolve) => {
    const sent = host.send(
      'INFO',
      { body, contentType, headers: [...host.requestHeaders(), ...(headers ?? [])] },
      (outcome) => {
        resolve(statusOf(outcome));
        if (dialogLost(outcome)) host.lost(outcome);
      },
    );
    if (sent === undefined) resolve(481);
  });
}

export function receiveInfo(
  host: SessionHost,
  request: SipRequest,
  transaction: ServerTransaction,
): void {
  // RFC 6086 §4.2.2: Info Packages are not supported; legacy INFO (none named) is.
  if (request.has('info-package')) {
    host.respond(transaction, host.response(request, 469));
    return;
  }
  host.respond(transaction, host.response(request, 200));
  const type = request.contentType;
  const contentType = type === undefined ? undefined : `${type.type}/${type.subtype}`;
  const body = request.body.toString('utf8');
  host.emit('info', { request, contentType, body, dtmf: parseDtmfInfo(contentType, body) });
}
