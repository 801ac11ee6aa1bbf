// A typed event emitter: an event map names each event and its payload, so
// listeners and emitters cannot disagree. Listener errors are isolated and
// reported, never thrown into the emitter.

export type EventMap = Record<string, unknown>;
export type Listener<T> = (payload: T) => void;

export class TypedEmitter<M extends { [K in keyof M]: unknown }> {
  #listeners = new Map<keyof M, Set<Listener<never>>>();
  readonly #onListenerError: (error: unknown, event: keyof M) => void;

  constructor(onListenerError?: (error: unknown, event: keyof M) => void) {
    this.#onListenerError =
      onListenerError ??
      ((error, event) => console.error(`listener for "${String(event)}" failed:`, error));
  }

  on<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  once<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof M>(event: K, listener: Listener<M[K]>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<M[K]>)(payload);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }

  listenerCount(event: keyof M): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
