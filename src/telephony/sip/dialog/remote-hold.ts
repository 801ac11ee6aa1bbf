// Whether an SDP offer puts us on hold (RFC 3264 §8.4, RFC 2543's c=0.0.0.0), read with the sdp/ module.
import {
  type RemoteHold,
  effectiveConnection,
  effectiveDirection,
  parseSdp,
} from '../sdp/index.ts';

/**
 * The hold an offer asks for, from its first active audio stream (else its first stream):
 * sendonly or inactive (RFC 3264 §8.4), or a zero connection address (RFC 2543). Undefined when
 * the SDP does not parse; the owner's offer/answer then refuses it.
 */
export function remoteHoldOf(sdp: string): RemoteHold | undefined {
  const parsed = parseSdp(sdp);
  if (!parsed.ok) return undefined;
  const session = parsed.value;
  const media = session.media.find((m) => m.type === 'audio' && m.port !== 0) ?? session.media[0];
  if (media === undefined) return undefined;
  const direction = effectiveDirection(session, media);
  if (direction === 'inactive') return 'inactive';
  if (direction === 'sendonly') return 'sendonly';
  const address = effectiveConnection(session, media)?.address;
  return address === '0.0.0.0' || address === '::' ? 'zero-address' : 'none';
}
