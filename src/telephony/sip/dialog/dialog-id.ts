// The dialog ID (RFC 3261 §12): Call-ID, local tag and remote tag, as each side sees them.
import type { SipRequest } from '../message/index.ts';

export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

/** One string per dialog, for maps. Neither a Call-ID nor a tag can hold a line feed. */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

/**
 * RFC 3261 §12.2.2: the dialog an arriving request belongs to, seen from here: the local tag is
 * its To tag, the remote tag its From tag. Undefined when it has no To tag (not in a dialog) or
 * no From tag (RFC 2543 peers; Hotline keeps no dialog with them).
 */
export function dialogIdOfRequest(request: SipRequest): DialogId | undefined {
  const localTag = request.toTag;
  const remoteTag = request.fromTag;
  if (localTag === undefined || remoteTag === undefined) return undefined;
  return { callId: request.callId, localTag, remoteTag };
}
