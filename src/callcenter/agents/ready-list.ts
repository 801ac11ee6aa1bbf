// One ordered list of routable agents with lazy removal. An agent leaving routability (a call
// rings them) is not searched for and cut out of every list they are in: their entry just stops
// being valid, because each entry carries the readySeq it was listed with, and an agent who
// comes back gets a new one. Readers skip stale entries, the stale front is trimmed as it is
// passed, and a list is rebuilt once more than half of it is stale. So taking an agent off
// costs nothing, and putting one on is an append in idle order (a binary insert in the others).
import type { Agent } from './agent.ts';

/** Whether an entry listed with `seq` still stands for the agent: routable since then. */
export function stillListed(agent: Agent, seq: number): boolean {
  return agent.routable && agent.readySeq === seq;
}

export class ReadyList {
  readonly items: Agent[] = [];
  /** The readySeq each entry was listed with: the order's tie-break and its validity. */
  readonly seqs: number[] = [];
  /** The order's main key per entry; absent for idle order, whose key is the seq itself. */
  readonly #keys: number[] | undefined;
  readonly #key: ((agent: Agent) => number) | undefined;
  /** Entries before it are stale. */
  #head = 0;

  /** `key`: the main key (calls answered, talk time); none for idle order. */
  constructor(key?: (agent: Agent) => number, from?: ReadyList) {
    this.#key = key;
    this.#keys = key ? [] : undefined;
    if (from) {
      const agents: Agent[] = [];
      for (let i = from.head(); i < from.items.length; i++)
        if (from.valid(i)) agents.push(from.items[i]!);
      if (key) agents.sort((a, b) => key(a) - key(b) || a.readySeq - b.readySeq);
      for (const a of agents) this.#append(a, key ? key(a) : 0);
    }
  }

  /** Entries, stale ones included. */
  get length(): number {
    return this.items.length;
  }

  /** How many entries are stale (for rebuilding). */
  get spread(): number {
    return this.items.length - this.#head;
  }

  valid(i: number): boolean {
    return stillListed(this.items[i]!, this.seqs[i]!);
  }

  /** The first index worth reading: the stale front is dropped on the way. */
  head(): number {
    const items = this.items;
    const seqs = this.seqs;
    let h = this.#head;
    while (h < items.length && !stillListed(items[h]!, seqs[h]!)) h++;
    this.#head = h;
    return h;
  }

  add(agent: Agent): void {
    const seq = agent.readySeq;
    const k = this.#key ? this.#key(agent) : seq;
    const n = this.items.length;
    if (n === this.#head || this.#before(n - 1, k, seq)) return this.#append(agent, k);
    // A plain loop: splice() allocates the array it returns and copyWithin() takes a slow
    // generic path in V8, both several times slower on these short lists.
    const at = this.#lowerBound(k, seq);
    const { items, seqs } = this;
    const keys = this.#keys;
    this.#append(agent, k);
    for (let j = n; j > at; j--) {
      items[j] = items[j - 1]!;
      seqs[j] = seqs[j - 1]!;
      if (keys) keys[j] = keys[j - 1]!;
    }
    items[at] = agent;
    seqs[at] = seq;
    if (keys) keys[at] = k;
  }

  /** Takes out an agent who is still routable (their skills or queues changed). */
  drop(agent: Agent): void {
    const seq = agent.readySeq;
    let at = this.#lowerBound(this.#key ? this.#key(agent) : seq, seq);
    if (this.items[at] !== agent) at = this.items.indexOf(agent, this.#head);
    if (at < 0) return;
    const { items, seqs } = this;
    const keys = this.#keys;
    const last = items.length - 1;
    for (let j = at; j < last; j++) {
      items[j] = items[j + 1]!;
      seqs[j] = seqs[j + 1]!;
      if (keys) keys[j] = keys[j + 1]!;
    }
    items.pop();
    seqs.pop();
    keys?.pop();
  }

  /** Keeps only the valid entries. */
  compact(): void {
    const { items, seqs } = this;
    const keys = this.#keys;
    let w = 0;
    for (let r = this.#head; r < items.length; r++) {
      if (!stillListed(items[r]!, seqs[r]!)) continue;
      items[w] = items[r]!;
      seqs[w] = seqs[r]!;
      if (keys) keys[w] = keys[r]!;
      w++;
    }
    items.length = w;
    seqs.length = w;
    if (keys) keys.length = w;
    this.#head = 0;
  }

  #append(agent: Agent, k: number): void {
    this.items.push(agent);
    this.seqs.push(agent.readySeq);
    this.#keys?.push(k);
  }

  /** Whether entry i comes before the key (k, seq). */
  #before(i: number, k: number, seq: number): boolean {
    const ki = this.#keys ? this.#keys[i]! : this.seqs[i]!;
    return ki < k || (ki === k && this.seqs[i]! < seq);
  }

  #lowerBound(k: number, seq: number): number {
    let lo = this.#head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#before(mid, k, seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
