// The trunks the running system knows: the config file's, fixed for the life of the process, and
// the ones administrators manage through the API, set and removed while it runs. The trunk
// manager reads it on each use and is told which trunk to reload after a change.
import type { Trunk, TrunkDirectory } from './trunk.ts';

export class LiveTrunkDirectory implements TrunkDirectory {
  readonly #fixed: ReadonlyMap<string, Trunk>;
  readonly #managed = new Map<string, Trunk>();

  constructor(fixed: readonly Trunk[], managed: readonly Trunk[] = []) {
    this.#fixed = new Map(fixed.map((t) => [t.name, t]));
    for (const trunk of managed) this.set(trunk);
  }

  /** The config file's trunks first, then the managed ones in the order they were first set. */
  list(): readonly Trunk[] {
    return [...this.#fixed.values(), ...this.#managed.values()];
  }

  get(name: string): Trunk | undefined {
    return this.#fixed.get(name) ?? this.#managed.get(name);
  }

  /** Whether the trunk comes from the config file (and so cannot be set or removed here). */
  isFixed(name: string): boolean {
    return this.#fixed.has(name);
  }

  /** Adds or replaces a managed trunk. */
  set(trunk: Trunk): void {
    // The configuration service refuses such a name; reaching here would be a bug.
    if (this.#fixed.has(trunk.name))
      throw new Error(`LiveTrunkDirectory: "${trunk.name}" is a trunk of the config file`);
    this.#managed.set(trunk.name, trunk);
  }

  /** Removes a managed trunk; false when there was none of that name. */
  delete(name: string): boolean {
    return this.#managed.delete(name);
  }
}
