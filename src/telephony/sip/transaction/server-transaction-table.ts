// The server transactions of a layer, filed under every key they match (RFC 3261 §17.2.3, with RFC 2543 ACK aliases).
import type { ServerTransaction } from './transaction-user.ts';

export class ServerTransactionTable {
  readonly #byKey = new Map<string, ServerTransaction>();
  readonly #keysOf = new Map<ServerTransaction, string[]>();

  /** Live server transactions (not keys). */
  get size(): number {
    return this.#keysOf.size;
  }

  get(key: string): ServerTransaction | undefined {
    return this.#byKey.get(key);
  }

  add(transaction: ServerTransaction): void {
    this.#byKey.set(transaction.id, transaction);
    this.#keysOf.set(transaction, [transaction.id]);
  }

  /** Files `transaction` under another key as well; a key already taken stays with its owner. */
  alias(transaction: ServerTransaction, key: string): void {
    const keys = this.#keysOf.get(transaction);
    if (keys === undefined || this.#byKey.has(key)) return;
    keys.push(key);
    this.#byKey.set(key, transaction);
  }

  remove(transaction: ServerTransaction): void {
    for (const key of this.#keysOf.get(transaction) ?? []) {
      if (this.#byKey.get(key) === transaction) this.#byKey.delete(key);
    }
    this.#keysOf.delete(transaction);
  }

  transactions(): IterableIterator<ServerTransaction> {
    return this.#keysOf.keys();
  }

  clear(): void {
    this.#byKey.clear();
    this.#keysOf.clear();
  }
}
