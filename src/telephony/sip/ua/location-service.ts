// The location service (RFC 3261 §10): for each address of record (an
// extension), the contacts where it can be reached now, each expiring on its
// own timer. Pure and clock-driven; the registrar writes it, routing reads it.
import {
  TypedEmitter,
  type Clock,
  type Scheduler,
  type TimerHandle,
} from '../../../platform/index.ts';
import type { Peer } from '../transport/index.ts';

export interface Binding {
  /** The extension (the user part of the address of record). */
  aor: string;
  /** The Contact URI as the device gave it. */
  contact: string;
  /** Where the REGISTER came from: requests to this contact go here (NAT, RFC 3581; TCP/WS connection reuse). */
  source: Peer;
  callId: string;
  cseq: number;
  expiresAt: number;
  registeredAt: number;
  userAgent: string | undefined;
  /** Preference among contacts, 0–1 (RFC 3261 §20.10); 1 when not given. */
  q: number;
}

interface Entry {
  binding: Binding;
  timer: TimerHandle;
}

export interface LocationEvents {
  registered: { binding: Binding; refreshed: boolean };
  unregistered: { binding: Binding; reason: 'expired' | 'removed' | 'replaced' };
}

export class LocationService extends TypedEmitter<LocationEvents> {
  readonly #clock: Clock & Scheduler;
  readonly #bindings = new Map<string, Map<string, Entry>>();

  constructor(clock: Clock & Scheduler) {
    super();
    this.#clock = clock;
  }

  /** Current contacts of an AOR, most preferred (highest q, then newest) first. */
  lookup(aor: string): Binding[] {
    const entries = this.#bindings.get(aor);
    if (!entries) return [];
    return [...entries.values()]
      .map((e) => e.binding)
      .sort((a, b) => b.q - a.q || b.registeredAt - a.registeredAt);
  }

  /** Every binding, for the API and the wallboard. */
  all(): Binding[] {
    return [...this.#bindings.keys()].flatMap((aor) => this.lookup(aor));
  }

  /** How many AORs have at least one contact. */
  get registeredCount(): number {
    return this.#bindings.size;
  }

  /** Adds or refreshes a binding; with `maxContacts` reached, the oldest other contact makes room. */
  upsert(binding: Omit<Binding, 'registeredAt'>, maxContacts: number): Binding {
    let entries = this.#bindings.get(binding.aor);
    if (!entries) this.#bindings.set(binding.aor, (entries = new Map<string, Entry>()));
    const existing = entries.get(binding.contact);
    const now = this.#clock.now();
    const stored: Binding = { ...binding, registeredAt: existing?.binding.registeredAt ?? now };
    existing?.timer.cancel();
    if (!existing && entries.size >= maxContacts) {
      const oldest = [...entries.values()].sort(
        (a, b) => a.binding.registeredAt - b.binding.registeredAt,
      )[0];
      if (oldest) this.#remove(oldest.binding, 'replaced');
      if (!this.#bindings.has(binding.aor)) this.#bindings.set(binding.aor, entries);
    }
    const timer = this.#clock.after(Math.max(0, stored.expiresAt - now), () =>
      this.#remove(stored, 'expired'),
    );
    entries.set(binding.contact, { binding: stored, timer });
    this.emit('registered', { binding: stored, refreshed: existing !== undefined });
    return stored;
  }

  /** Removes one contact of an AOR (an explicit unregister). */
  remove(aor: string, contact: string): boolean {
    const entry = this.#bindings.get(aor)?.get(contact);
    if (!entry) return false;
    this.#remove(entry.binding, 'removed');
    return true;
  }

  /** Removes every contact of an AOR (Contact: *). */
  removeAll(aor: string): number {
    const bindings = this.lookup(aor);
    for (const binding of bindings) this.#remove(binding, 'removed');
    return bindings.length;
  }

  /** The binding of this contact, if any (for the Call-ID/CSeq ordering check). */
  get(aor: string, contact: string): Binding | undefined {
    return this.#bindings.get(aor)?.get(contact)?.binding;
  }

  /** Stops every expiry timer (at shutdown). */
  close(): void {
    for (const entries of this.#bindings.values())
      for (const e of entries.values()) e.timer.cancel();
    this.#bindings.clear();
  }

  #remove(binding: Binding, reason: 'expired' | 'removed' | 'replaced'): void {
    const entries = this.#bindings.get(binding.aor);
    const entry = entries?.get(binding.contact);
    if (!entries || !entry || entry.binding !== binding) return;
    entry.timer.cancel();
    entries.delete(binding.contact);
    if (entries.size === 0) this.#bindings.delete(binding.aor);
    this.emit('unregistered', { binding, reason });
  }
}
