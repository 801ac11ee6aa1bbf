// The media port the call model programs against; the embedded engine implements it, an rtpengine adapter will too.
import type { MediaCommandInput } from './media-commands.ts';
import type { MediaEventMap, MediaResultOf } from './media-events.ts';

export interface MediaPort {
  /**
   * Sends one command and resolves with its reply (endpoint.created, endpoint.destroyed or done).
   * Rejects with MediaError when refused: `mediaCode` says why (ports-exhausted, unknown-endpoint…).
   * A requestId is generated when the command has none.
   */
  request<C extends MediaCommandInput>(command: C): Promise<MediaResultOf<C['type']>>;
  /** Subscribes to one kind of event; returns the unsubscribe function. */
  on<K extends keyof MediaEventMap>(
    type: K,
    listener: (event: MediaEventMap[K]) => void,
  ): () => void;
  /** Stops recordings cleanly and releases every endpoint. Idempotent. */
  close(): Promise<void>;
}
