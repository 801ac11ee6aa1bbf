// Answers a 401/407 to a request we sent with credentials, as a new request with the next CSeq (RFC 3261 §22.2, §22.3).
import type { DigestClient } from '../auth/index.ts';
import { type SipRequest, type SipResponse, serializeUri } from '../message/index.ts';

/**
 * The retry of `request` after its 401/407 `response`, or undefined when there is no way to
 * answer it (no client, no usable challenge). RFC 3261 §22.2: same Call-ID, From and To, a new
 * CSeq, a new branch (the Via goes; the transaction layer adds a fresh one).
 */
export function authorizedRetry(
  request: SipRequest,
  response: SipResponse,
  auth: DigestClient | undefined,
  nextSeq: () => number,
): SipRequest | undefined {
  if (auth === undefined || (response.status !== 401 && response.status !== 407)) return undefined;
  const challengeHeader = response.status === 401 ? 'www-authenticate' : 'proxy-authenticate';
  const result = auth.authorize({
    challenges: response.getAll(challengeHeader),
    method: request.method,
    requestUri: serializeUri(request.uri),
    ...(request.body.length > 0 ? { body: request.body } : {}),
  });
  if (!result.ok) return undefined;
  const header = response.status === 401 ? 'Authorization' : 'Proxy-Authorization';
  const retry = request.clone();
  retry.remove('Via');
  retry.remove(header);
  retry.set('CSeq', `${nextSeq()} ${request.method}`);
  for (const authorization of result.authorizations) retry.add(header, authorization.value);
  return retry;
}
